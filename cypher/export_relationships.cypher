// Export: the outgoing relationships of one page of nodes in id order after the cursor $after, with their
// evidence; a node without any still gives one row (rel null) so the caller's cursor passes it.
MATCH (a)
WHERE a.id > $after AND NOT a:FileText
WITH a
ORDER BY a.id
LIMIT $limit
OPTIONAL MATCH (a)-[r]->(b)
RETURN a.id AS node, type(r) AS type, b.id AS target, r AS rel
