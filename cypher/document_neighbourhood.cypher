// A document's direct neighbours over every relation type, for the views.
MATCH (d:Entity {id: $id})-[r]-(n:Entity)
RETURN d.id AS source_id, n.id AS id, n.type AS type, n.name AS name, type(r) AS rel,
       startNode(r).id = d.id AS outgoing, r.sentence AS sentence
LIMIT $limit
