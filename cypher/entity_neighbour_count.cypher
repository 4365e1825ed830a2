// How many neighbours an entity has (over every relation type) and how many relationships link it to them.
MATCH (n:Entity {id: $id})-[r]-(m:Entity)
RETURN count(DISTINCT m) AS neighbours, count(r) AS links
