// What a document cites, transitively up to $depth (1-3) hops: every CITES edge of the tree with its evidence.
// depth is the edge's distance from the citing document (1: cited directly).
MATCH p = (d:Entity {id: $id})-[:CITES*1..3]->(t:Entity)
WHERE length(p) <= $depth
WITH p
UNWIND range(0, length(p) - 1) AS i
WITH nodes(p)[i] AS a, nodes(p)[i + 1] AS b, relationships(p)[i] AS r, i + 1 AS level
RETURN a.id AS source, a.type AS source_type, a.name AS source_name,
       b.id AS target, b.type AS target_type, b.name AS target_name,
       min(level) AS depth, r.sentence AS sentence, r.doc AS doc, r.start AS start, r.end AS end, r.source AS file, r.kind AS kind,
       r.text_id AS text_id
ORDER BY depth, source_name, target_name, doc, start
LIMIT $limit
