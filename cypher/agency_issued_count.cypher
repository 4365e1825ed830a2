// How many documents an agency (or organisation) issued.
MATCH (a:Entity {id: $id})-[:ISSUES]->(d:Entity)
RETURN count(DISTINCT d) AS documents
