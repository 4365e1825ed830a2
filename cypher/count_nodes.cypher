// The graph's nodes; stored file texts (FileText, the source view's) are not part of the graph's content.
MATCH (n) WHERE NOT n:FileText RETURN count(n) AS nodes
