// Documents and laws, in the corpus or only cited, by name; paginated.
MATCH (d:Entity)
WHERE d.type IN ['Document', 'Law'] AND ($in_corpus IS NULL OR coalesce(d.in_corpus, false) = $in_corpus)
RETURN d.id AS id, d.type AS type, d.name AS title, d.kind AS kind, d.date AS date, d.period AS period,
       d.source AS source, coalesce(d.in_corpus, false) AS in_corpus, d.level AS level, d.status AS status,
       d.effective AS effective
ORDER BY title, id
SKIP $offset LIMIT $limit
