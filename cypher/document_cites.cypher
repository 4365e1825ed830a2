// What a document cites, each edge with its evidence.
MATCH (d:Entity {id: $id})-[r:CITES]->(t:Entity)
RETURN t.id AS id, t.type AS type, t.name AS title, r.sentence AS sentence, r.doc AS doc,
       r.start AS start, r.end AS end, r.source AS source, r.kind AS kind
ORDER BY title, start
