// Who repeals a document or law: a text that names it with 《…》同时废止 (a CITES of kind 废止), and its date.
MATCH (r:Entity)-[c:CITES]->(d:Entity {id: $id})
WHERE c.kind = '废止'
RETURN r.id AS id, r.name AS title, coalesce(r.effective, r.published, r.date) AS date, c.sentence AS sentence
ORDER BY date
