// One document or law by id, with the size of its neighbourhood.
MATCH (d:Entity {id: $id})
WHERE d.type IN ['Document', 'Law']
OPTIONAL MATCH (d)-[out:CITES]->()
WITH d, count(out) AS cites
OPTIONAL MATCH ()-[inc:CITES]->(d)
RETURN d.id AS id, d.type AS type, d.name AS title, d.aliases AS aliases, d.kind AS kind, d.date AS date,
       d.period AS period, d.source AS source, d.start AS start, d.end AS end,
       coalesce(d.in_corpus, false) AS in_corpus, d.number AS number, d.issuers AS issuers, d.level AS level,
       d.status AS status, d.published AS published, d.effective AS effective, d.version AS version,
       d.expired AS expired, cites, count(inc) AS cited_by
