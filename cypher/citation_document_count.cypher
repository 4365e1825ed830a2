// How many documents the citation tree around a document holds, both ways up to $depth (1-3) hops (a document
// both citing its way to the root and cited from it counts once each way, as `citation_ranked_documents` lists it).
CALL {
  MATCH p = (x:Entity)-[:CITES*1..3]->(root:Entity {id: $id})
  WHERE length(p) <= $depth AND x.id <> $id
  RETURN x, 'in' AS way
  UNION ALL
  MATCH p = (root:Entity {id: $id})-[:CITES*1..3]->(x:Entity)
  WHERE length(p) <= $depth AND x.id <> $id
  RETURN x, 'out' AS way
}
WITH DISTINCT x, way
RETURN count(*) AS documents
