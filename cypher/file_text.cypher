// One stored file text by its content address (graph.loader.text_id).
MATCH (t:FileText {id: $id})
RETURN t.text AS text, t.chars AS chars
