// Export: one page of nodes in id order after the cursor $after (keyset paging: each page is one bounded read,
// whatever the graph's size). Ids are unique across labels (a hash of type and name).
MATCH (n)
WHERE n.id > $after
RETURN n
ORDER BY n.id
LIMIT $limit
