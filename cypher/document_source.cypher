// Where a document's text is: its file, its span in it, and the id of the file's stored text (FileText).
MATCH (d:Entity {id: $id})
WHERE d.type IN ['Document', 'Law']
RETURN d.id AS id, d.type AS type, d.name AS title, d.source AS source, d.start AS start, d.end AS end,
       d.text_id AS text_id
