// What an agency (or organisation) issued, ranked by weight (the number of relationships between the agency
// and the document: the ISSUES links read from texts, and any other link such as the document's MENTIONS of
// it), heaviest first, then newest; one page, each document with its first ISSUES evidence and its co-issuers
// (each with the evidence of its own ISSUES link; at most $coissuers of them).
MATCH (a:Entity {id: $id})-[:ISSUES]->(d:Entity)
WITH DISTINCT a, d
MATCH (a)-[r]-(d)
WITH a, d, count(r) AS weight
ORDER BY weight DESC, coalesce(d.date, '') DESC, d.name, d.id
SKIP $offset LIMIT $limit
MATCH (a)-[i:ISSUES]->(d)
WITH a, d, weight, i
ORDER BY i.doc, i.start
WITH a, d, weight, collect({sentence: i.sentence, doc: i.doc, start: i.start, end: i.end, text_id: i.text_id})[0] AS ev
OPTIONAL MATCH (co:Entity)-[c:ISSUES]->(d)
WHERE co.id <> a.id
WITH d, weight, ev, co, collect({sentence: c.sentence, doc: c.doc, start: c.start, end: c.end,
                                 text_id: c.text_id})[0] AS coev
WITH d, weight, ev, collect(CASE WHEN co IS NULL THEN NULL ELSE {id: co.id, type: co.type, name: co.name,
                                 sentence: coev.sentence, doc: coev.doc, start: coev.start, end: coev.end,
                                 text_id: coev.text_id} END) AS cos
RETURN d.id AS id, d.type AS type, d.name AS title, d.date AS date, weight, ev.sentence AS sentence,
       ev.doc AS doc, ev.start AS start, ev.end AS end, ev.text_id AS text_id, cos[0..$coissuers] AS coissuers
ORDER BY weight DESC, coalesce(date, '') DESC, title, id
