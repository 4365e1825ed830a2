// Agencies and organisations that issued documents jointly, with how many; $id (optional) keeps the pairs of one issuer.
MATCH (a:Entity)-[:ISSUES]->(d:Entity)<-[:ISSUES]-(b:Entity)
WHERE a.id <> b.id AND ($id IS NULL OR a.id = $id) AND ($id IS NOT NULL OR a.id < b.id)
RETURN a.id AS id, a.name AS name, b.id AS partner_id, b.type AS partner_type, b.name AS partner,
       count(DISTINCT d) AS documents, collect(DISTINCT d.name)[0..5] AS examples
ORDER BY documents DESC, name, partner
LIMIT $limit
