// How many documents filter_documents has with the same filters.
MATCH (d:Entity)
WHERE d.type IN ['Document', 'Law'] AND ($in_corpus IS NULL OR coalesce(d.in_corpus, false) = $in_corpus)
  AND ($level IS NULL OR d.level = $level)
  AND ($valid_on IS NULL OR (coalesce(d.effective, d.published, d.date) <= $valid_on
       AND (d.expired IS NULL OR d.expired > $valid_on) AND coalesce(d.status, '') <> '失效'))
OPTIONAL MATCH (i:Entity)-[:ISSUES]->(d)
WITH d, collect(i.name) AS issued_by
WHERE $issuer IS NULL OR $issuer IN issued_by OR $issuer IN coalesce(d.issuers, [])
RETURN count(d) AS total
