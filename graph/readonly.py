"""A first, clear-message gate for user-supplied Cypher: refuse anything that is not a pure read.

`check_read_only` is what `read_adhoc` calls before sending a query anywhere.
It is not the only guard: FalkorDB runs ad-hoc queries with `GRAPH.RO_QUERY`
and Neo4j in a READ-access transaction, so a write that slipped past this
scanner would still be refused by the server. This module exists so that the
user gets a message naming the offending keyword instead of a backend error.

The query is tokenised first (a small Cypher lexer), so that

* a keyword inside a string literal (`'CREATE'`) or a backtick-quoted name
  (`` `SET` ``) is data, not a write;
* a keyword after a comment that ends (`/* x */ CREATE`) or on the line after
  a `//` comment is a write;
* `n.set`, `(n:Delete)`, `{create: 1}` and `$merge` are property, label, map
  key and parameter names, not clauses.

Anything the lexer cannot make sense of (an unterminated string or comment) is
refused: a read has no reason to look like that.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from graph.store import ReadOnlyViolation

# Clauses that write data. Why each is here is in the message the user sees.
_WRITE_CLAUSES: dict[str, str] = {
    "CREATE": "CREATE creates nodes, relationships, indexes or constraints",
    "MERGE": "MERGE can create nodes and relationships",
    "SET": "SET changes properties or labels",
    "DELETE": "DELETE removes nodes or relationships",
    "DETACH": "DETACH DELETE removes nodes and their relationships",
    "REMOVE": "REMOVE deletes properties or labels",
    "DROP": "DROP removes indexes, constraints or databases",
    "FOREACH": "FOREACH exists only to run write clauses per list element",
    "LOAD": "LOAD CSV imports external data",
    "INSERT": "INSERT (GQL) creates nodes and relationships",
    # Administration commands (Neo4j): all change server state.
    "ALTER": "ALTER changes users, databases or servers",
    "RENAME": "RENAME changes users, roles or servers",
    "GRANT": "GRANT changes privileges",
    "DENY": "DENY changes privileges",
    "REVOKE": "REVOKE changes privileges",
    "TERMINATE": "TERMINATE stops other transactions",
    "USE": "USE switches to another database or graph; ad-hoc queries run on the configured one",
}

# Admin verbs that are also plausible variable names (`start`, `stop`), so
# they count only when followed by the word that makes them a command.
_ADMIN_PAIRS: dict[str, frozenset[str]] = {
    "START": frozenset({"DATABASE", "DATABASES"}),
    "STOP": frozenset({"DATABASE", "DATABASES"}),
    "ENABLE": frozenset({"SERVER"}),
    "DEALLOCATE": frozenset({"DATABASE", "DATABASES"}),
    "REALLOCATE": frozenset({"DATABASE", "DATABASES"}),
}

#: Procedures a read may CALL (compared case-insensitively). Everything else is refused,
#: because a procedure's name does not say whether it writes (db.create.*,
#: apoc.*, dbms.*, db.idx.fulltext.createNodeIndex all do, or administer).
READ_PROCEDURES: frozenset[str] = frozenset(
    {
        "db.idx.fulltext.queryNodes",  # FalkorDB full-text search
        "db.index.fulltext.queryNodes",  # Neo4j full-text search
        "db.index.fulltext.queryRelationships",
        "db.labels",
        "db.relationshipTypes",
        "db.propertyKeys",
        "db.indexes",  # FalkorDB index listing
        "db.schema.visualization",
        "db.schema.nodeTypeProperties",
        "db.schema.relTypeProperties",
    }
)
_READ_PROCEDURES_LOWER = frozenset(p.lower() for p in READ_PROCEDURES)

# Function namespaces that run Cypher, write, or reach outside the database
# (apoc.cypher.runFirstColumn* executes a query string; apoc.load.* fetches URLs).
_UNSAFE_FUNCTION_PREFIXES: tuple[str, ...] = tuple(
    f"apoc.{ns}." for ns in (
        "cypher", "periodic", "do", "load", "import", "export", "create", "merge", "refactor",
        "trigger", "schema", "atomic", "lock", "systemdb", "custom", "log", "static", "nodes", "util",
    )
) + ("dbms.", "db.create.")


@dataclass(frozen=True)
class _Token:
    kind: str  # word | name (backtick-quoted) | string | param | number | punct
    value: str
    pos: int


def _error(message: str, query: str, pos: int) -> ReadOnlyViolation:
    line = query.count("\n", 0, pos) + 1
    col = pos - (query.rfind("\n", 0, pos) + 1) + 1
    return ReadOnlyViolation(f"ad-hoc queries are read-only: {message} (line {line}, column {col})")


def _is_ident_char(ch: str) -> bool:
    # str.isalnum is true for CJK characters too, which Cypher allows in names.
    return ch.isalnum() or ch == "_"


def _skip_blank(query: str, i: int) -> int | None:
    """Where the whitespace or comment at `i` ends, or None when none starts there."""
    if query[i].isspace():
        return i + 1
    if query.startswith("//", i):
        end = query.find("\n", i)
        return len(query) if end < 0 else end + 1
    if query.startswith("/*", i):
        end = query.find("*/", i + 2)
        if end < 0:
            raise _error("unterminated /* comment", query, i)
        return end + 2
    return None


def _lex_string(query: str, i: int) -> tuple[_Token, int]:
    quote, j, n = query[i], i + 1, len(query)
    while j < n and query[j] != quote:
        j += 2 if query[j] == "\\" else 1
    if j >= n:
        raise _error("unterminated string literal", query, i)
    return _Token("string", query[i + 1 : j], i), j + 1


def _lex_quoted_name(query: str, i: int) -> tuple[_Token, int]:
    """A backtick-quoted name; a doubled backtick is an escaped backtick."""
    j, parts = i + 1, []
    while True:
        end = query.find("`", j)
        if end < 0:
            raise _error("unterminated `quoted name`", query, i)
        parts.append(query[j:end])
        if not query.startswith("``", end):
            return _Token("name", "".join(parts), i), end + 1
        parts.append("`")
        j = end + 2


def _run_end(query: str, j: int, part: Callable[[str], bool] = _is_ident_char) -> int:
    """Where the run of characters for which `part` holds (identifier characters) starting at `j` ends."""
    n = len(query)
    while j < n and part(query[j]):
        j += 1
    return j


def _is_hex_char(ch: str) -> bool:
    return ch in "0123456789abcdefABCDEF_"


def _is_digit_or_underscore(ch: str) -> bool:
    return ch.isdigit() or ch == "_"


def _number_end(query: str, i: int) -> int:
    """Where the number at `i` ends: where its digits end, so `1CREATE` lexes as `1`, `CREATE`
    (the safe reading: it is refused rather than hidden in a number)."""
    if query[i : i + 2].lower() in ("0x", "0o"):
        return _run_end(query, i + 2, _is_hex_char)
    n = len(query)
    j = _run_end(query, i, _is_digit_or_underscore)
    if j + 1 < n and query[j] == "." and query[j + 1].isdigit():
        j = _run_end(query, j + 1, str.isdigit)
    if j < n and query[j] in "eE":
        k = j + 1
        if k < n and query[k] in "+-":
            k += 1
        if k < n and query[k].isdigit():
            j = _run_end(query, k, str.isdigit)
    return j


def _lex_token(query: str, i: int) -> tuple[_Token, int]:
    """The token starting at `i` (not whitespace or a comment) and where it ends."""
    ch = query[i]
    if ch in "'\"":
        return _lex_string(query, i)
    if ch == "`":
        return _lex_quoted_name(query, i)
    if ch == "$":
        j = _run_end(query, i + 1)
        return _Token("param", query[i + 1 : j], i), j
    if ch.isdigit():
        j = _number_end(query, i)
        return _Token("number", query[i:j], i), j
    if _is_ident_char(ch):
        j = _run_end(query, i)
        return _Token("word", query[i:j], i), j
    return _Token("punct", ch, i), i + 1


def _tokenize(query: str) -> list[_Token]:
    """Split `query` into tokens, dropping comments and whitespace."""
    tokens: list[_Token] = []
    i, n = 0, len(query)
    while i < n:
        skipped = _skip_blank(query, i)
        if skipped is not None:
            i = skipped
            continue
        token, i = _lex_token(query, i)
        tokens.append(token)
    return tokens


#: The lexer, shared with `graph.bounds` so that both read the query the same way.
Token = _Token
tokenize = _tokenize


def _label_positions(tokens: list[_Token]) -> set[int]:
    """Indices of words that are labels or relationship types: `:A`, `:A|B`, `:A&!B`."""
    labels: set[int] = set()
    expect_label = False  # the previous token opened or continued a label expression
    for k, tok in enumerate(tokens):
        if tok.kind in ("word", "name") and expect_label:
            labels.add(k)
            expect_label = False
        elif tok.kind == "punct" and tok.value == ":":
            expect_label = True
        elif tok.kind == "punct" and tok.value in "|&!" and (expect_label or k - 1 in labels):
            # `|` and `&` continue a label expression only right after a label, so
            # `FOREACH (x IN xs | SET …)` is not mistaken for one.
            expect_label = True
        else:
            expect_label = False
    return labels


def _is_keyword(tokens: list[_Token], k: int, labels: set[int]) -> bool:
    """Whether the word at `k` stands where a clause keyword can (not a property, label or map key)."""
    if k in labels:
        return False  # (n:Delete), [:SET|MERGE]
    if k > 0 and tokens[k - 1].kind == "punct" and tokens[k - 1].value == ".":
        return False  # n.set
    return not (k + 1 < len(tokens) and tokens[k + 1].kind == "punct" and tokens[k + 1].value == ":")


def _procedure_name(tokens: list[_Token], k: int) -> tuple[str, int]:
    """The dotted procedure name starting at token `k`, and the index after it."""
    parts: list[str] = []
    while k < len(tokens) and tokens[k].kind in ("word", "name"):
        parts.append(tokens[k].value)
        k += 1
        if k < len(tokens) and tokens[k].kind == "punct" and tokens[k].value == ".":
            k += 1
            continue
        break
    return ".".join(parts), k


def check_read_only(query: str) -> None:
    """Raise `ReadOnlyViolation` unless `query` is a single, pure-read Cypher statement.

    Refused: write clauses (CREATE, MERGE, SET, DELETE, DETACH DELETE, REMOVE,
    DROP, FOREACH, LOAD CSV, INSERT), administration commands, CALL of any
    procedure not in `READ_PROCEDURES`, functions in namespaces that run Cypher,
    write or fetch data (`apoc.cypher.*`, `apoc.load.*`, `dbms.*`, …), `CALL { … } IN TRANSACTIONS`,
    `USING PERIODIC COMMIT`, FalkorDB `GRAPH.*` commands, several statements
    separated by `;`, and unterminated strings or comments.
    """
    tokens = _tokenize(query)
    if not tokens:
        raise ReadOnlyViolation("ad-hoc queries are read-only: the query is empty")

    first = tokens[0]
    if (
        first.kind == "word"
        and first.value.upper() == "GRAPH"
        and len(tokens) > 1
        and tokens[1].value == "."
    ):
        raise _error("GRAPH.* is a FalkorDB server command, not a Cypher query", query, first.pos)

    labels = _label_positions(tokens)
    for k, tok in enumerate(tokens):
        if tok.kind == "punct" and tok.value == ";":
            if k + 1 < len(tokens):
                raise _error("only one statement is allowed (found ';' followed by more)", query, tok.pos)
            continue
        _check_function(tokens, k, query)
        if tok.kind == "word" and _is_keyword(tokens, k, labels):
            _check_keyword(tokens, k, query)


def _is_punct(tokens: list[_Token], k: int, value: str) -> bool:
    return 0 <= k < len(tokens) and tokens[k].kind == "punct" and tokens[k].value == value


def _check_function(tokens: list[_Token], k: int, query: str) -> None:
    """Refuse a call of a function whose namespace can run Cypher, write or fetch data, starting at `k`."""
    tok = tokens[k]
    if (
        tok.kind in ("word", "name")
        and _is_punct(tokens, k + 1, ".")
        and not _is_punct(tokens, k - 1, ".")
        and not (k > 0 and tokens[k - 1].kind == "word" and tokens[k - 1].value.upper() == "CALL")
    ):
        # The start of a dotted name: as a function, a namespace may run Cypher too.
        name, after = _procedure_name(tokens, k)
        if _is_punct(tokens, after, "(") and (name.lower() + ".").startswith(_UNSAFE_FUNCTION_PREFIXES):
            raise _error(f"{name}() can run Cypher, write or fetch external data", query, tok.pos)


def _check_keyword(tokens: list[_Token], k: int, query: str) -> None:
    """Refuse the clause keyword at `k` when it writes, administers or batches writes."""
    tok = tokens[k]
    word = tok.value.upper()
    nxt = tokens[k + 1].value.upper() if k + 1 < len(tokens) else ""
    if word in _WRITE_CLAUSES:
        raise _error(_WRITE_CLAUSES[word], query, tok.pos)
    if word in _ADMIN_PAIRS and nxt in _ADMIN_PAIRS[word]:
        raise _error(f"{word} {nxt} is an administration command", query, tok.pos)
    if word == "USING" and nxt == "PERIODIC":
        raise _error("USING PERIODIC COMMIT runs batched writes", query, tok.pos)
    if word == "TRANSACTIONS":
        # CALL { … } IN [n] [CONCURRENT] TRANSACTIONS: batched writes (SHOW
        # TRANSACTIONS is an admin view, refused along with it).
        raise _error("CALL { … } IN TRANSACTIONS runs batched writes", query, tok.pos)
    if word == "CALL":
        _check_call(tokens, k, query)


def _check_call(tokens: list[_Token], k: int, query: str) -> None:
    """Refuse `CALL` of any procedure not in `READ_PROCEDURES` (a subquery's clauses are scanned like the rest)."""
    tok = tokens[k]
    if k + 1 < len(tokens) and tokens[k + 1].kind == "punct" and tokens[k + 1].value in ("{", "("):
        return
    name, _ = _procedure_name(tokens, k + 1)
    if not name:
        raise _error("CALL must name a procedure", query, tok.pos)
    lowered = name.lower()
    if lowered not in _READ_PROCEDURES_LOWER:
        why = (
            "administration procedure" if lowered.startswith("dbms.")
            else "APOC procedures can write" if lowered.startswith("apoc.")
            else "not an allowed read procedure"
        )
        allowed = ", ".join(sorted(READ_PROCEDURES))
        raise _error(f"CALL {name}: {why} (allowed: {allowed})", query, tok.pos)
