// Full-text index over names and aliases; the cjk analyzer tokenises Chinese into bigrams.
CREATE FULLTEXT INDEX entity_search IF NOT EXISTS
FOR (n:Entity) ON EACH [n.name, n.search]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}}
