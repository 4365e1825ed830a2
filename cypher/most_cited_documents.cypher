// Documents and laws cited by the most distinct documents.
MATCH (s:Entity)-[:CITES]->(d:Entity)
WITH d, count(DISTINCT s) AS cited_by
RETURN d.id AS id, d.type AS type, d.name AS title, cited_by, coalesce(d.in_corpus, false) AS in_corpus
ORDER BY cited_by DESC, title
LIMIT $limit
