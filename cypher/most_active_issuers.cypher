// Agencies and organisations that issued the most documents.
MATCH (a:Entity)-[:ISSUES]->(d:Entity)
WITH a, count(DISTINCT d) AS documents
RETURN a.id AS id, a.type AS type, a.name AS name, documents
ORDER BY documents DESC, name
LIMIT $limit
