// One entity by type and id, with all its properties.
MATCH (n:Entity {id: $id})
WHERE n.type = $type
RETURN n.id AS id, n.type AS type, n.name AS name, coalesce(n.aliases, []) AS aliases, properties(n) AS properties
