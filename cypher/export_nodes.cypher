// Export: one page of nodes in id order after the cursor $after (keyset paging: each page is one bounded read,
// whatever the graph's size). Ids are unique across labels (a hash of type and name). Stored file texts
// (FileText) stay out: they are the source view's, and whole laws as node attributes would swamp Gephi.
MATCH (n)
WHERE n.id > $after AND NOT n:FileText
RETURN n
ORDER BY n.id
LIMIT $limit
