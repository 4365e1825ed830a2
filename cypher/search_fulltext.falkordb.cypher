// Full-text candidates for /search: the Chinese-tokenised index on Entity name/search (RediSearch syntax, `a|b` is OR).
CALL db.idx.fulltext.queryNodes('Entity', $query) YIELD node, score
WHERE $type IS NULL OR node.type = $type
RETURN node.id AS id, node.type AS type, node.name AS name, coalesce(node.aliases, []) AS aliases,
       size(coalesce(node.docs, [])) AS documents, score
ORDER BY score DESC, name
LIMIT $limit
