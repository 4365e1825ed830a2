// Full-text index over names and aliases, tokenised for Chinese.
CALL db.idx.fulltext.createNodeIndex({label: 'Entity', language: 'chinese'}, 'name', 'search')
