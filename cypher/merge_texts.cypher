// Store decoded file texts by content address (the source view renders them; evidence offsets point into them).
// Same content, same id: writing a text again changes nothing.
UNWIND $rows AS row
MERGE (t:FileText {id: row.id})
ON CREATE SET t.text = row.text, t.chars = row.chars
