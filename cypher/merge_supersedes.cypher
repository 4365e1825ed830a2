// A newer version of a work SUPERSEDES the one before it.
UNWIND $rows AS row
MATCH (n:Version {id: row.newer})
MATCH (o:Version {id: row.older})
MERGE (n)-[:SUPERSEDES]->(o)
