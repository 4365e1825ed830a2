// Who cites a document, transitively up to $depth (1-3) hops: every CITES edge of the tree with its evidence.
// depth is the edge's distance from the cited document (1: cites it directly).
MATCH p = (s:Entity)-[:CITES*1..3]->(d:Entity {id: $id})
WHERE length(p) <= $depth
WITH p, length(p) AS hops
UNWIND range(0, hops - 1) AS i
WITH nodes(p)[i] AS a, nodes(p)[i + 1] AS b, relationships(p)[i] AS r, hops - i AS level
RETURN a.id AS source, a.type AS source_type, a.name AS source_name,
       b.id AS target, b.type AS target_type, b.name AS target_name,
       min(level) AS depth, r.sentence AS sentence, r.doc AS doc, r.start AS start, r.end AS end, r.source AS file, r.kind AS kind,
       r.text_id AS text_id
ORDER BY depth, target_name, source_name, doc, start
LIMIT $limit
