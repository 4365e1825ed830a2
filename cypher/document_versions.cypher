// The dated versions of a work (a law), oldest first, with the file that holds each version's text.
MATCH (w:Entity {id: $id})-[:HAS_VERSION]->(v:Version)
RETURN v.id AS id, v.date AS date, v.action AS action, v.ordinal AS ordinal, v.body AS body,
       v.decision AS decision, v.number AS number, v.effective AS effective, v.expired AS expired,
       v.source AS source, v.start AS start, v.end AS end, coalesce(v.in_corpus, false) AS in_corpus
ORDER BY date
