// Upsert the dated versions of laws: one Version node per (work, date), linked from its work by HAS_VERSION.
UNWIND $rows AS row
MATCH (w:Entity {id: row.work})
MERGE (v:Version {id: row.id})
SET v.work = row.work, v.title = row.title, v.date = row.date
SET v += row.props
MERGE (w)-[:HAS_VERSION]->(v)
