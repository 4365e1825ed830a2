// How many relationships of each type and direction an entity has.
MATCH (n:Entity {id: $id})-[r]-(m:Entity)
RETURN type(r) AS rel, startNode(r).id = n.id AS outgoing, count(r) AS count, count(DISTINCT m) AS neighbours
ORDER BY rel, outgoing
