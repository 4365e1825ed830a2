"""Every Cypher statement policykg runs, one named `.cypher` file each.

`NAME.cypher` is shared by both backends; `NAME.falkordb.cypher` or
`NAME.neo4j.cypher` beside it overrides it for one backend. Load them with
`graph.cypher.load`, never by building query text from user input.
"""
