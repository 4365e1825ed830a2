// Entities whose name or an alias contains $q (case-insensitive): finds short aliases such as 发改委 exactly.
// Unranked match rows: /search ranks them in Python (api/search.py `_rank`, the one copy of the rank ladder,
// which full-text hits need too). $limit only caps the rows; /search passes a cap far above any real match set.
MATCH (n:Entity)
WHERE ($type IS NULL OR n.type = $type) AND toLower(coalesce(n.search, n.name)) CONTAINS toLower($q)
RETURN n.id AS id, n.type AS type, n.name AS name, coalesce(n.aliases, []) AS aliases,
       size(coalesce(n.docs, [])) AS documents
ORDER BY documents DESC, size(name), name
LIMIT $limit
