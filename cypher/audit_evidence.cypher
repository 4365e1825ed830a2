// Name, document count and one evidence sentence (one that spells the name out first) of each entity in $ids.
MATCH (n:Entity)
WHERE n.id IN $ids
OPTIONAL MATCH (n)-[r]-()
WHERE r.sentence IS NOT NULL
WITH n, r
ORDER BY CASE WHEN r.sentence CONTAINS n.name THEN 0 ELSE 1 END, r.doc, r.start
WITH n, collect(r.sentence)[0] AS sentence, collect(r.source)[0] AS source
RETURN n.id AS id, n.name AS name, size(coalesce(n.docs, [])) AS docs, sentence, source
