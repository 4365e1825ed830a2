// Entities whose name or an alias contains $q (case-insensitive): finds short aliases such as 发改委 exactly.
// rank: 0 exact name, 1 exact alias, 2 name starts with $q, 3 name contains $q, 4 an alias contains $q.
MATCH (n:Entity)
WHERE ($type IS NULL OR n.type = $type) AND toLower(coalesce(n.search, n.name)) CONTAINS toLower($q)
WITH n, toLower($q) AS q, [a IN coalesce(n.aliases, []) | toLower(a)] AS aliases
WITH n, CASE
         WHEN toLower(n.name) = q THEN 0
         WHEN q IN aliases THEN 1
         WHEN toLower(n.name) STARTS WITH q THEN 2
         WHEN toLower(n.name) CONTAINS q THEN 3
         ELSE 4
       END AS rank
RETURN n.id AS id, n.type AS type, n.name AS name, coalesce(n.aliases, []) AS aliases,
       size(coalesce(n.docs, [])) AS documents, rank
ORDER BY rank, documents DESC, size(name), name
LIMIT $limit
