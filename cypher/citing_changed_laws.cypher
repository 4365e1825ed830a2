// Documents citing a law that has since been repealed or amended: the citing sentence, the citation's kind,
// and the date of the change (the first version after the citing document's date; a repeal's date, or the
// index's 失效 without one).
MATCH (d:Entity)-[c:CITES]->(l:Entity)
WHERE d.type IN ['Document', 'Law'] AND l.type IN ['Document', 'Law']
  AND coalesce(d.version, d.published, d.date) IS NOT NULL
WITH d, c, l, coalesce(d.version, d.published, d.date) AS cited_on
OPTIONAL MATCH (l)-[:HAS_VERSION]->(v:Version)
WHERE v.date > cited_on
WITH d, c, l, cited_on, min(v.date) AS amended_on
OPTIONAL MATCH (r:Entity)-[x:CITES]->(l)
WHERE x.kind = '废止' AND coalesce(r.effective, r.published, r.date) > cited_on
WITH d, c, l, cited_on, amended_on, min(coalesce(r.effective, r.published, r.date)) AS repealed_on
WHERE amended_on IS NOT NULL OR repealed_on IS NOT NULL OR l.status = '失效'
RETURN d.id AS id, d.name AS title, cited_on, l.id AS law_id, l.name AS law, c.kind AS kind,
       c.sentence AS sentence, amended_on, repealed_on, l.status AS law_status
ORDER BY title, law, c.start
LIMIT $limit
