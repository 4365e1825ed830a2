// Documents and laws by name, paginated, filtered: in the corpus or only cited ($in_corpus), in force on
// $valid_on (in effect by then, not expired or 失效 before it), $level (法律, 行政法规…), $issuer (a body's name).
MATCH (d:Entity)
WHERE d.type IN ['Document', 'Law'] AND ($in_corpus IS NULL OR coalesce(d.in_corpus, false) = $in_corpus)
  AND ($level IS NULL OR d.level = $level)
  AND ($valid_on IS NULL OR (coalesce(d.effective, d.published, d.date) <= $valid_on
       AND (d.expired IS NULL OR d.expired > $valid_on) AND coalesce(d.status, '') <> '失效'))
OPTIONAL MATCH (i:Entity)-[:ISSUES]->(d)
WITH d, collect(i.name) AS issued_by
WHERE $issuer IS NULL OR $issuer IN issued_by OR $issuer IN coalesce(d.issuers, [])
RETURN d.id AS id, d.type AS type, d.name AS title, d.kind AS kind, d.date AS date, d.period AS period,
       d.source AS source, coalesce(d.in_corpus, false) AS in_corpus, d.level AS level, d.status AS status,
       d.effective AS effective
ORDER BY title, id
SKIP $offset LIMIT $limit
