// Shortest linkage between two entities over any relationship, either direction, at most $max hops (8 at most).
MATCH p = shortestPath((a:Entity {id: $from})-[*..8]-(b:Entity {id: $to}))
WHERE length(p) <= $max
RETURN [n IN nodes(p) | {id: n.id, type: n.type, name: n.name}] AS nodes,
       [r IN relationships(p) | {rel: type(r), source: startNode(r).id, target: endNode(r).id,
        sentence: r.sentence, doc: r.doc}] AS edges
LIMIT 1
