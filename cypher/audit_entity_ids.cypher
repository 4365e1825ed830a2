// Every entity id of one type, in a fixed order: bench/junk_audit.py draws its seeded sample from these.
MATCH (n:Entity)
WHERE n.type = $type
RETURN n.id AS id
ORDER BY id
