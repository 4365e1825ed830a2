MATCH (d:Entity)
WHERE d.type IN ['Document', 'Law'] AND ($in_corpus IS NULL OR coalesce(d.in_corpus, false) = $in_corpus)
RETURN count(d) AS total
