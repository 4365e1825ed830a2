// Per entity type: how many entities there are, and how many are linked to a document (named in one's docs
// and joined to a Document or Law node by a relationship). bench/graph_audit.py.
MATCH (n:Entity)
WHERE n.type IN $types
OPTIONAL MATCH (n)-[]-(d:Entity)
WHERE d.type IN ['Document', 'Law']
WITH n, count(d) AS links
RETURN n.type AS type, count(n) AS entities,
       sum(CASE WHEN links > 0 AND size(coalesce(n.docs, [])) > 0 THEN 1 ELSE 0 END) AS linked
ORDER BY type
