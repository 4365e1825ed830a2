// An entity's neighbours over every relation type, one row per relationship with its evidence; paginated.
MATCH (n:Entity {id: $id})-[r]-(m:Entity)
RETURN m.id AS id, m.type AS type, m.name AS name, type(r) AS rel, startNode(r).id = n.id AS outgoing,
       r.sentence AS sentence, r.doc AS doc, r.start AS start, r.end AS end, r.source AS source,
       r.kind AS kind
ORDER BY rel, name, doc, start
SKIP $offset LIMIT $limit
