// Full-text candidates for /search: the cjk-analysed `entity_search` index on Entity name/search (Lucene syntax).
CALL db.index.fulltext.queryNodes('entity_search', $query) YIELD node, score
WHERE $type IS NULL OR node.type = $type
RETURN node.id AS id, node.type AS type, node.name AS name, coalesce(node.aliases, []) AS aliases,
       size(coalesce(node.docs, [])) AS documents, score
ORDER BY score DESC, name
LIMIT $limit
