// Which documents cite this one, each edge with its evidence.
MATCH (s:Entity)-[r:CITES]->(d:Entity {id: $id})
RETURN s.id AS id, s.type AS type, s.name AS title, r.sentence AS sentence, r.doc AS doc,
       r.start AS start, r.end AS end, r.source AS source, r.kind AS kind
ORDER BY title, start
