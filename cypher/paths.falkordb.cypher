// Shortest linkage between two entities over any relationship, either direction, at most $max hops.
// FalkorDB's shortestPath() is directed-only (and only in WITH/RETURN), so this uses its algo.SPpaths procedure.
MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
CALL algo.SPpaths({sourceNode: a, targetNode: b, relDirection: 'both', maxLen: $max, pathCount: 1})
YIELD path
RETURN [n IN nodes(path) | {id: n.id, type: n.type, name: n.name}] AS nodes,
       [r IN relationships(path) | {rel: type(r), source: startNode(r).id, target: endNode(r).id,
        sentence: r.sentence, doc: r.doc}] AS edges
ORDER BY size(edges)
LIMIT 1
