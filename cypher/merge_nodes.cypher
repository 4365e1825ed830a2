// Upsert entities of one label on their unique key; aliases and source documents accumulate across files.
UNWIND $rows AS row
MERGE (n:Entity:<<label>> {id: row.id})
SET n.name = row.name,
    n.type = row.type,
    n.aliases = reduce(acc = coalesce(n.aliases, []), a IN row.aliases | CASE WHEN a IN acc THEN acc ELSE acc + [a] END),
    n.docs = reduce(acc = coalesce(n.docs, []), d IN row.docs | CASE WHEN d IN acc THEN acc ELSE acc + [d] END)
SET n += row.props
SET n.search = reduce(s = n.name, a IN n.aliases | s + ' ' + a)
