// Targets with the document that sets them and the evidence sentence, optionally for one year and unit; paginated.
MATCH (d:Entity)-[t:TARGETS]->(g:Entity)
WHERE ($year IS NULL OR toInteger(g.year) = $year) AND ($unit IS NULL OR g.unit = $unit)
RETURN g.id AS id, g.name AS name, toInteger(g.year) AS year, g.value AS value, g.unit AS unit,
       g.comparator AS comparator, g.metric AS metric, d.id AS document, d.name AS document_title,
       t.sentence AS sentence, t.doc AS doc, t.start AS start, t.end AS end, t.source AS source
ORDER BY year, document_title, start
SKIP $offset LIMIT $limit
