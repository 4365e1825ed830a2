// The dates of some documents (their own date, else their publish date), for resolving citations to versions.
MATCH (d:Entity)
WHERE d.id IN $ids
RETURN d.id AS id, coalesce(d.date, d.published) AS date
