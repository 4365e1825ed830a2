// Targets set by documents that mention a region or its sub-regions (PART_OF*0..3), optionally for one year and unit.
// Anchored step by step (WITH after each hop): FalkorDB otherwise plans a scan of every Entity and checks the
// region id last, which grew from 50 ms to 1.6 s p95 between 10k and 1M nodes (bench/query_latency.py).
MATCH (r:Entity {id: $id})
WHERE r.type = 'Region'
WITH r
MATCH (r)<-[:PART_OF*0..3]-(sub:Entity)
WHERE sub.type = 'Region'
WITH DISTINCT sub
MATCH (d:Entity)-[:MENTIONS]->(sub)
WITH DISTINCT d
MATCH (d)-[t:TARGETS]->(g:Entity)
WHERE ($year IS NULL OR toInteger(g.year) = $year) AND ($unit IS NULL OR g.unit = $unit)
WITH DISTINCT g, d, t
RETURN g.id AS id, g.name AS name, toInteger(g.year) AS year, g.value AS value, g.unit AS unit,
       g.comparator AS comparator, g.metric AS metric, d.id AS document, d.name AS document_title,
       t.sentence AS sentence, t.doc AS doc, t.start AS start, t.end AS end, t.source AS source
ORDER BY year, document_title, start
SKIP $offset LIMIT $limit
