// Documents that mention a region or one of its sub-regions (PART_OF, up to 3 levels down); paginated.
// Anchored on the region first (see region_targets.cypher for why).
MATCH (r:Entity {id: $id})
WHERE r.type = 'Region'
WITH r
MATCH (r)<-[:PART_OF*0..3]-(sub:Entity)
WHERE sub.type = 'Region'
WITH DISTINCT sub
MATCH (d:Entity)-[m:MENTIONS]->(sub)
WITH d, collect(DISTINCT sub.name) AS regions, collect(m.sentence)[0] AS sentence
RETURN d.id AS id, d.type AS type, d.name AS title, d.date AS date, d.kind AS kind, regions, sentence
ORDER BY coalesce(date, '') DESC, title
SKIP $offset LIMIT $limit
