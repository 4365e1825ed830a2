// Documents that mention a program, each with the evidence sentence; paginated.
MATCH (p:Entity {id: $id})<-[m:MENTIONS]-(d:Entity)
WHERE p.type = 'Program'
WITH d, collect(m.sentence)[0] AS sentence
RETURN d.id AS id, d.type AS type, d.name AS title, d.date AS date, sentence
ORDER BY coalesce(date, '') DESC, title
SKIP $offset LIMIT $limit
