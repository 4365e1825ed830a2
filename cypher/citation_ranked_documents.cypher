// The documents of the citation tree around a document, both ways up to $depth (1-3) hops, ranked: nearest
// first, then by weight (the number of CITES links, each read from a text, between the document and the
// documents one hop nearer the root on its shortest ways there: at depth 1, the root itself), heaviest first,
// ties by name; one page, each document with up to $per_document of those links (evidence, offsets, text_id)
// and the nearer documents they join it to. direction: in (it cites its way to the root) or out (cited from it).
CALL {
  MATCH p = (x:Entity)-[:CITES*1..3]->(root:Entity {id: $id})
  WHERE length(p) <= $depth AND x.id <> $id
  RETURN x, 'in' AS way, length(p) AS hops, nodes(p)[1].id AS near
  UNION ALL
  MATCH p = (root:Entity {id: $id})-[:CITES*1..3]->(x:Entity)
  WHERE length(p) <= $depth AND x.id <> $id
  RETURN x, 'out' AS way, length(p) AS hops, nodes(p)[length(p) - 1].id AS near
}
WITH x, way, min(hops) AS depth, collect([hops, near]) AS reached
WITH x, way, depth, [h IN reached WHERE h[0] = depth | h[1]] AS nears
MATCH (x)-[r:CITES]-(y:Entity)
WHERE y.id IN nears AND ((way = 'in' AND startNode(r).id = x.id) OR (way = 'out' AND endNode(r).id = x.id))
WITH x, way, depth, nears, count(r) AS weight
ORDER BY depth, weight DESC, x.name, x.id, way
SKIP $offset LIMIT $limit
MATCH (x)-[r:CITES]-(y:Entity)
WHERE y.id IN nears AND ((way = 'in' AND startNode(r).id = x.id) OR (way = 'out' AND endNode(r).id = x.id))
WITH x, way, depth, weight, r, y
ORDER BY y.name, r.doc, r.start
WITH x, way, depth, weight, collect({source: startNode(r).id, target: endNode(r).id, near: y.id, near_type: y.type,
                                     near_name: y.name, sentence: r.sentence, doc: r.doc, start: r.start,
                                     end: r.end, kind: r.kind, text_id: r.text_id}) AS links
RETURN x.id AS id, x.type AS type, x.name AS name, way AS direction, depth, weight, links[0..$per_document] AS links
ORDER BY depth, weight DESC, name, id, direction
