// An entity's neighbours ranked by weight (the number of relationships between the two: each one a link read
// from a text, with its evidence), heaviest first, ties by name; one page of neighbours, each with up to
// $per_neighbour of its links (evidence, document and offsets) in a stable order.
MATCH (n:Entity {id: $id})-[r]-(m:Entity)
WITH n, m, count(r) AS weight
ORDER BY weight DESC, m.name, m.id
SKIP $offset LIMIT $limit
MATCH (n)-[r]-(m)
WITH n, m, weight, r
ORDER BY type(r), r.doc, r.start
WITH m, weight, collect({rel: type(r), outgoing: startNode(r).id = n.id, sentence: r.sentence, doc: r.doc,
                         start: r.start, end: r.end, kind: r.kind, text_id: r.text_id}) AS links
RETURN m.id AS id, m.type AS type, m.name AS name, weight, links[0..$per_neighbour] AS links
ORDER BY weight DESC, name, id
