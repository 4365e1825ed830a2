// Every Document and Law node's id, type and name: bench/graph_audit.py folds the names to find duplicates.
MATCH (n:Entity)
WHERE n.type IN ['Document', 'Law']
RETURN n.id AS id, n.type AS type, n.name AS name
ORDER BY id
