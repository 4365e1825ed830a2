// What an agency (or organisation) issued, newest first, each document with its co-issuers and the evidence; paginated.
MATCH (a:Entity {id: $id})-[r:ISSUES]->(d:Entity)
OPTIONAL MATCH (co:Entity)-[:ISSUES]->(d)
WHERE co.id <> a.id
WITH d, collect(DISTINCT r.sentence) AS sentences, collect(DISTINCT co) AS cos
RETURN d.id AS id, d.type AS type, d.name AS title, d.date AS date, d.kind AS kind,
       [c IN cos | {id: c.id, type: c.type, name: c.name}] AS coissuers, sentences[0] AS sentence
ORDER BY coalesce(date, '') DESC, title
SKIP $offset LIMIT $limit
