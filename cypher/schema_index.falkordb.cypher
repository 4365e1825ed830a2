// Exact-match index on the unique key of one label (FalkorDB enforces uniqueness with GRAPH.CONSTRAINT on top of it).
CREATE INDEX FOR (n:<<label>>) ON (n.id)
