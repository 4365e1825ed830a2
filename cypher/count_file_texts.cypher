// How many of these file texts are stored already (the loader's summary counts graph nodes, not texts).
MATCH (t:FileText)
WHERE t.id IN $ids
RETURN count(t) AS present
