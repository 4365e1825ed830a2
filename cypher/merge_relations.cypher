// Upsert relations with their evidence; one relationship per (head, type, tail, document, sentence start).
UNWIND $rows AS row
MATCH (h:<<head>> {id: row.head})
MATCH (t:<<tail>> {id: row.tail})
MERGE (h)-[r:<<rel>> {doc: row.doc, start: row.start}]->(t)
SET r.end = row.end, r.sentence = row.sentence, r.source = row.source, r.text_id = row.text_id
SET r.kind = row.kind, r.date = row.date, r.ordinal = row.ordinal
