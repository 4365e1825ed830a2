"""`check_read_only`: hostile queries are refused with a clear message, reads pass."""

from __future__ import annotations

import pytest

from graph.readonly import READ_PROCEDURES, check_read_only
from graph.store import ReadOnlyViolation

BENIGN = [
    "MATCH (n:Entity) RETURN n LIMIT 10",
    "match (n:Entity {id: $id}) return n.name, n.aliases",
    "MATCH (a:Agency)-[r:ISSUES]->(d:Document) RETURN a.name, d.name, r.sentence ORDER BY d.name",
    "MATCH p = (a)-[*1..3]-(b) WHERE a.id = $a RETURN p",
    "RETURN 1",
    "RETURN 1;",  # one statement with a harmless trailing semicolon
    "MATCH (n) RETURN count(n) AS nodes",
    "MATCH (n:Entity) WHERE n.name CONTAINS 'CREATE' RETURN n",  # keyword inside a string
    'MATCH (n:Entity) WHERE n.name = "DETACH DELETE n" RETURN n',
    "MATCH (n) WHERE n.name = 'it\\'s; DROP INDEX x' RETURN n",  # escaped quote, ; and DROP in a string
    "MATCH (n) RETURN n.set, n.create, n.delete, n.merge",  # property names
    "MATCH (n:Entity) RETURN n {.name, set: n.id, create: 1}",  # map keys
    "MATCH (n) WHERE n:Delete OR n:Create RETURN n",  # labels
    "MATCH (a)-[:SET|MERGE]->(b) RETURN a, b",  # relationship types
    "MATCH (n:Create&!Delete) RETURN n",  # label expression
    "MATCH (`SET`) RETURN `SET`",  # backtick-quoted variable
    "MATCH (n) WHERE n.name = $create RETURN n",  # parameter named like a keyword
    "// CREATE (n) in a comment\nMATCH (n) RETURN n",
    "MATCH (n) /* SET n.x = 1 */ RETURN n",
    "MATCH (n) RETURN n // ; DELETE n",
    "CALL db.index.fulltext.queryNodes('entity_search', $q) YIELD node, score RETURN node.name, score",
    "CALL db.idx.fulltext.queryNodes('Entity', $q) YIELD node RETURN node.name",
    "CALL db.labels()",
    "CALL db.labels() YIELD label RETURN label",
    "CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType",
    "CALL db.propertyKeys()",
    "CALL DB.LABELS()",  # procedure names are case-insensitive
    "CALL { MATCH (n) RETURN n } RETURN n",  # read-only subquery
    "MATCH (n) CALL (n) { MATCH (n)--(m) RETURN count(m) AS deg } RETURN n, deg",
    "MATCH (start:Entity)-[r]->(stop) RETURN start, r.start AS start2, stop",  # start/stop as names
    "MATCH (n:Agency) USING INDEX n:Agency(id) WHERE n.id = $id RETURN n",
    "OPTIONAL MATCH (n:Program) WITH n UNWIND [1, 2] AS x RETURN n, x",
    "MATCH (n:Entity) WHERE n.name STARTS WITH '国务院' RETURN n.name",
    "MATCH (数据:Entity) RETURN 数据.name",
    "EXPLAIN MATCH (n) RETURN n",
    "RETURN 1e5, 0x1F, 3.14",
    "RETURN [x IN range(1, 3) | x * 2] AS xs",
    "MATCH (n) RETURN CASE WHEN n.type = 'Law' THEN 1 ELSE 0 END",
    "SHOW INDEXES",
    "RETURN apoc.text.join(['a', 'b'], ',') AS s",  # harmless namespaced function
    "MATCH (n) RETURN n.cypher.load, n.apoc",  # property access, not calls
]

HOSTILE = [
    ("CREATE (n:Entity {id: 'x'})", "CREATE"),
    ("create (n)", "CREATE"),
    ("MERGE (n:Entity {id: 'x'}) RETURN n", "MERGE"),
    ("MATCH (n) SET n.name = 'x'", "SET"),
    ("MATCH (n) SET n:Hacked", "SET"),
    ("MATCH (n) DELETE n", "DELETE"),
    ("MATCH (n) DETACH DELETE n", "DETACH"),
    ("MATCH (n) NODETACH DELETE n", "DELETE"),
    ("MATCH (n) REMOVE n.name", "REMOVE"),
    ("DROP INDEX entity_search", "DROP"),
    ("DROP CONSTRAINT agency_id IF EXISTS", "DROP"),
    ("CREATE INDEX FOR (n:Entity) ON (n.name)", "CREATE"),
    ("LOAD CSV FROM 'file:///x.csv' AS row RETURN row", "LOAD CSV"),
    ("USING PERIODIC COMMIT LOAD CSV FROM 'f' AS r CREATE (n)", "PERIODIC"),
    ("MATCH (n) FOREACH (x IN [1] | SET n.x = x)", "FOREACH"),
    ("MATCH (n:A|B) SET n.x = 1", "SET"),
    ("MATCH (n:A) SET n:B", "SET"),
    ("MATCH (n:A)\nDELETE n", "DELETE"),
    ("MATCH (n) WHERE n:A SET n.x = 1", "SET"),
    ("MATCH (n) WHERE n:A|B DELETE n", "DELETE"),
    ("MATCH (n) WITH [x IN [1] | x] AS xs MERGE (m)", "MERGE"),
    ("INSERT (n:Entity {id: 'x'})", "INSERT"),
    # Writes hidden behind comments that end.
    ("MATCH (n) /* harmless */ DELETE n", "DELETE"),
    ("MATCH (n) // harmless\nDETACH DELETE n", "DETACH"),
    ("MATCH (n)/**/SET/**/n.x=1", "SET"),
    ("MATCH (n) RETURN n /* ; */ ; MATCH (m) DELETE m", "one statement"),
    # Writes glued to punctuation or numbers.
    ("MATCH(n)DELETE(n)", "DELETE"),
    ("RETURN 1CREATE (n)", "CREATE"),
    ("MATCH (n) WITH n CALL { WITH n SET n.x = 1 } RETURN n", "SET"),
    # A string that ends before the write.
    ("MATCH (n) WHERE n.name = 'a' DELETE n", "DELETE"),
    ("MATCH (n) WHERE n.name = 'a\\\\' DELETE n", "DELETE"),  # escaped backslash ends the string
    # Several statements.
    ("MATCH (n) RETURN n; MATCH (m) RETURN m", "one statement"),
    ("RETURN 1; CREATE (n)", "one statement"),
    # Procedures.
    ("CALL dbms.security.createUser('x', 'y')", "dbms.security.createUser"),
    ("CALL dbms.killQueries(['q'])", "administration"),
    ("CALL apoc.create.node(['X'], {})", "APOC"),
    ("CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'DELETE n', {})", "APOC"),
    ("CALL apoc.cypher.runWrite('CREATE (n)', {})", "APOC"),
    ("CALL db.createLabel('X')", "db.createLabel"),
    ("CALL db.create.setNodeVectorProperty(n, 'v', [1.0])", "db.create.setNodeVectorProperty"),
    ("CALL db.idx.fulltext.createNodeIndex('Entity', 'name')", "createNodeIndex"),
    ("CALL db.idx.fulltext.drop('Entity')", "db.idx.fulltext.drop"),
    ("CALL `dbms`.`security`.`createUser`('x', 'y')", "dbms.security.createUser"),
    ("CALL db.index.fulltext.drop('entity_search')", "not an allowed read procedure"),
    ("CALL db.clearQueryCaches()", "not an allowed read procedure"),
    ("CALL { MATCH (n) DETACH DELETE n } IN TRANSACTIONS OF 10 ROWS", "DETACH"),
    # Functions that run Cypher or fetch data.
    ("RETURN apoc.cypher.runFirstColumnSingle('CREATE (n) RETURN n', {})", "apoc.cypher.runFirstColumnSingle"),
    ("WITH apoc.load.json('http://127.0.0.1/x') AS v RETURN v", "apoc.load.json"),
    ("RETURN `apoc`.`cypher`.runFirstColumnMany('MATCH (n) DETACH DELETE n', {})", "can run Cypher"),
    ("MATCH (n) CALL { WITH n RETURN n AS m } IN TRANSACTIONS RETURN m", "IN TRANSACTIONS"),
    ("MATCH (n) CALL (n) { RETURN 1 AS one } IN 4 CONCURRENT TRANSACTIONS RETURN one", "IN TRANSACTIONS"),
    # Administration.
    ("GRAPH.DELETE policykg", "GRAPH."),
    ("graph.query policykg 'MATCH (n) RETURN n'", "GRAPH."),
    ("STOP DATABASE neo4j", "STOP DATABASE"),
    ("START DATABASE neo4j", "START DATABASE"),
    ("ALTER USER neo4j SET PASSWORD 'x'", "ALTER"),
    ("GRANT ROLE admin TO bob", "GRANT"),
    ("TERMINATE TRANSACTIONS 'neo4j-transaction-1'", "TERMINATE"),
    ("USE system SHOW USERS", "USE"),
    # Things a read has no reason to contain.
    ("MATCH (n) WHERE n.name = 'unterminated RETURN n", "unterminated string"),
    ("MATCH (n) RETURN n /* unterminated", "unterminated /*"),
    ("", "empty"),
    ("   // only a comment", "empty"),
]


@pytest.mark.parametrize("query", BENIGN)
def test_reads_pass(query: str) -> None:
    check_read_only(query)


@pytest.mark.parametrize(("query", "needle"), HOSTILE)
def test_writes_refused_with_clear_message(query: str, needle: str) -> None:
    with pytest.raises(ReadOnlyViolation) as info:
        check_read_only(query)
    message = str(info.value)
    assert "read-only" in message
    assert needle.lower() in message.lower(), message


def test_message_points_at_the_offending_line() -> None:
    with pytest.raises(ReadOnlyViolation, match=r"line 3, column 1"):
        check_read_only("MATCH (n)\n// just looking\nDELETE n")


def test_violation_is_a_value_error() -> None:
    # The API maps ValueError-family errors to 400; keep ReadOnlyViolation in it.
    with pytest.raises(ValueError):
        check_read_only("CREATE (n)")


def test_allow_list_names_only_read_procedures() -> None:
    for name in READ_PROCEDURES:
        lowered = name.lower()
        assert not lowered.startswith(("dbms.", "apoc.", "db.create")), name
        assert "drop" not in lowered and "create" not in lowered, name
