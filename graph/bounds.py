"""Refuse, before any parser sees it, an ad-hoc query or parameter set that no analyst needs.

FalkorDB's Cypher parser takes time that doubles with every level of nesting
(`[[[…]]]`, `((…))`, `{a: {a: …}}`, `NOT NOT …`, `- - …`, `CASE … END`,
list comprehensions): 20 levels cost 15 s of a server thread, and the query
timeout does not cover parsing. `range(1, 10^12)` allocates its whole list in
one call, past the per-query memory cap. A parameter nested 900 deep, a map
key the client cannot quote, or an integer beyond int64 fails (or is silently
clamped) deep inside the driver. `check_bounds` refuses all of these with a
message that says which limit was hit and where; the limits are settings
(`POLICYKG_MAX_QUERY_*`, `POLICYKG_MAX_PARAM_*`, `POLICYKG_MAX_RANGE_ITEMS`).

It runs before `check_read_only` in both stores' `read_adhoc`, on the same
tokens (`graph.readonly.tokenize`), so strings and comments are never counted.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graph.readonly import Token, tokenize
from graph.store import QueryRefused

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
_PARAM_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_OPEN, _CLOSE = "([{", ")]}"
# Words after which a `-`/`+` is a sign, not a subtraction; words that are not operands.
_EXPR_KEYWORDS = frozenset({
    "NOT", "AND", "OR", "XOR", "RETURN", "WITH", "WHERE", "IN", "WHEN", "THEN", "ELSE", "CASE", "UNWIND",
    "SKIP", "LIMIT", "BY", "DISTINCT", "CONTAINS", "STARTS", "ENDS", "IS", "AS", "YIELD", "ORDER",
})


@dataclass(frozen=True)
class Limits:
    """What `check_bounds` allows (built from the settings by `limits_from`)."""

    query_chars: int = 10_000
    query_depth: int = 10
    param_depth: int = 16
    param_items: int = 100_000
    param_chars: int = 1_000_000
    range_items: int = 10_000_000


def limits_from(settings: Any) -> Limits:
    """The `Limits` of a `graph.settings.Settings`."""
    return Limits(query_chars=settings.max_query_chars, query_depth=settings.max_query_depth,
                  param_depth=settings.max_param_depth, param_items=settings.max_param_items,
                  param_chars=settings.max_param_chars, range_items=settings.max_range_items)


def _where(query: str, pos: int) -> str:
    line = query.count("\n", 0, pos) + 1
    return f"line {line}, column {pos - (query.rfind(chr(10), 0, pos) + 1) + 1}"


def _int_literal(text: str) -> int | None:
    """The value of an integer literal token (`12`, `1_000`, `0x1F`, `0o17`), None for a float."""
    cleaned = text.replace("_", "").lower()
    try:
        if cleaned.startswith("0x"):
            return int(cleaned[2:], 16)
        if cleaned.startswith("0o"):
            return int(cleaned[2:], 8)
        return int(cleaned) if cleaned.isdigit() else None
    except ValueError:
        return None


def _is_sign(tokens: list[Token], k: int) -> bool:
    """Whether the `-`/`+` at `k` is a prefix sign (it nests like a bracket in the parser)."""
    if k == 0:
        return True
    prev = tokens[k - 1]
    if prev.kind == "punct":
        if prev.value == "<" and prev.pos + 1 == tokens[k].pos:
            return False  # `<-`: a relationship arrow
        return prev.value not in _CLOSE
    return prev.kind == "word" and prev.value.upper() in _EXPR_KEYWORDS


def _check_depth(query: str, tokens: list[Token], limit: int) -> None:
    """Refuse nesting deeper than `limit`: brackets, CASE … END, and chains of NOT and signs inside them."""
    stack: list[int] = []
    level = pending = 0  # pending: prefix operators waiting for their operand, each one a level deeper
    for k, tok in enumerate(tokens):
        word = tok.value.upper() if tok.kind == "word" else ""
        if (tok.kind == "punct" and tok.value in _OPEN) or word == "CASE":
            stack.append(level)
            level, pending = level + pending + 1, 0
        elif (tok.kind == "punct" and tok.value in _CLOSE) or word == "END":
            level, pending = (stack.pop() if stack else 0), 0
            continue
        elif word == "NOT" or (tok.kind == "punct" and tok.value in "-+" and _is_sign(tokens, k)):
            pending += 1
        elif tok.kind in ("number", "string", "param", "name") or (word and word not in _EXPR_KEYWORDS):
            pending = 0
            continue
        else:
            continue
        if level + pending > limit:
            raise QueryRefused(f"the query nests deeper than {limit} levels (brackets, CASE, NOT or signs) at "
                               f"{_where(query, tok.pos)}; FalkorDB's parser slows down exponentially with depth "
                               "(POLICYKG_MAX_QUERY_DEPTH)")


def _check_integers(query: str, tokens: list[Token]) -> None:
    for k, tok in enumerate(tokens):
        if tok.kind != "number":
            continue
        value = _int_literal(tok.value)
        negative = k > 0 and tokens[k - 1].value == "-" and _is_sign(tokens, k - 1)
        if value is not None and not (INT64_MIN <= (-value if negative else value) <= INT64_MAX):
            raise QueryRefused(f"the integer {tok.value} at {_where(query, tok.pos)} does not fit in 64 bits")


def _split_args(tokens: list[Token], start: int) -> tuple[list[list[Token]], int]:
    """The comma-separated arguments of the call whose `(` is at `start`, and the index after its `)`."""
    args: list[list[Token]] = [[]]
    depth, k = 0, start + 1
    while k < len(tokens):
        tok = tokens[k]
        if tok.kind == "punct" and tok.value in _OPEN:
            depth += 1
        elif tok.kind == "punct" and tok.value in _CLOSE:
            if depth == 0:
                return args, k + 1
            depth -= 1
        elif tok.kind == "punct" and tok.value == "," and depth == 0:
            args.append([])
            k += 1
            continue
        args[-1].append(tok)
        k += 1
    return args, k


def _constant(arg: list[Token], params: Mapping[str, Any]) -> int | None:
    """The value of a range() bound that is an integer literal (signed) or an integer parameter, else None."""
    sign = 1
    if len(arg) == 2 and arg[0].kind == "punct" and arg[0].value in "-+":
        sign, arg = (-1 if arg[0].value == "-" else 1), arg[1:]
    if len(arg) != 1:
        return None
    if arg[0].kind == "number":
        value = _int_literal(arg[0].value)
        return None if value is None else sign * value
    if arg[0].kind == "param":
        value = params.get(arg[0].value)
        return sign * value if isinstance(value, int) and not isinstance(value, bool) else None
    return None


def _check_ranges(query: str, tokens: list[Token], params: Mapping[str, Any], cap: int) -> None:
    """Refuse `range()` calls whose list would hold more than `cap` items, or whose size cannot be bounded."""
    for k, tok in enumerate(tokens):
        if not (tok.kind == "word" and tok.value.lower() == "range" and k + 1 < len(tokens)
                and tokens[k + 1].value == "(" and not (k > 0 and tokens[k - 1].value == ".")):
            continue
        args, _ = _split_args(tokens, k + 1)
        where = _where(query, tok.pos)
        for arg in args:
            # range() builds its whole list at once, before the memory cap or the clock is looked at:
            # a bound that multiplies or raises to a power could be anything.
            if any(t.kind == "punct" and t.value in "*^" for t in arg):
                raise QueryRefused(f"range() at {where}: a bound must not multiply or raise to a power")
            for t in arg:
                value = _int_literal(t.value) if t.kind == "number" else None
                if value is not None and value > cap:
                    raise QueryRefused(f"range() at {where}: {t.value} is beyond the {cap:,} items one range "
                                       "may hold (POLICYKG_MAX_RANGE_ITEMS)")
        values = [_constant(arg, params) for arg in args]
        if len(values) in (2, 3) and all(v is not None for v in values[:2]):
            start, end = values[0], values[1]
            step = values[2] if len(values) == 3 and values[2] is not None else 1
            assert start is not None and end is not None  # noqa: S101 - narrowed by the all() above
            size = 0 if step == 0 else max(0, (end - start) // step + 1)
            if size > cap:
                raise QueryRefused(f"range() at {where} would hold {size:,} items, more than the {cap:,} one "
                                   "range may hold (POLICYKG_MAX_RANGE_ITEMS)")


def check_params(params: Mapping[str, Any], limits: Limits) -> None:
    """Refuse parameters that are too deep or too big, map keys the client cannot quote, out-of-range numbers."""
    items = chars = 0
    for name in params:
        if not isinstance(name, str) or not _PARAM_NAME.fullmatch(name):
            raise QueryRefused(f"parameter names must be identifiers (letters, digits, _): {name!r}")
    # Iterative walk: a list nested 900 deep must not cost the API a RecursionError.
    todo: list[tuple[str, Any, int]] = [(f"${k}", v, 1) for k, v in params.items()]
    while todo:
        path, value, depth = todo.pop()
        items += 1
        if depth > limits.param_depth:
            raise QueryRefused(f"parameter {path.split('[')[0].split('.')[0]} nests deeper than "
                               f"{limits.param_depth} levels (POLICYKG_MAX_PARAM_DEPTH)")
        if items > limits.param_items:
            raise QueryRefused(f"the parameters hold more than {limits.param_items:,} values "
                               "(POLICYKG_MAX_PARAM_ITEMS)")
        chars += _check_value(path, value, depth, todo)
        if chars > limits.param_chars:
            raise QueryRefused(f"the parameters hold more than {limits.param_chars:,} characters "
                               "(POLICYKG_MAX_PARAM_CHARS)")


def _check_value(path: str, value: Any, depth: int, todo: list[tuple[str, Any, int]]) -> int:
    """Refuse one parameter value that is not a JSON value the graph can hold; queue the items of a list or
    map on `todo`; return how many characters (of strings and map keys) it adds."""
    if isinstance(value, bool) or value is None:
        return 0
    if isinstance(value, int):
        if not INT64_MIN <= value <= INT64_MAX:
            raise QueryRefused(f"parameter {path}: {value} does not fit in 64 bits")
        return 0
    if isinstance(value, float):
        if not math.isfinite(value):
            raise QueryRefused(f"parameter {path}: {value} is not a finite number")
        return 0
    if isinstance(value, str):
        if "\x00" in value:
            raise QueryRefused(f"parameter {path}: NUL characters are not allowed")
        return len(value)
    if isinstance(value, list | tuple):
        todo.extend((f"{path}[{i}]", v, depth + 1) for i, v in enumerate(value))
        return 0
    if isinstance(value, Mapping):
        return _queue_map(path, value, depth, todo)
    raise QueryRefused(f"parameter {path}: {type(value).__name__} is not a JSON value")


def _queue_map(path: str, value: Mapping[Any, Any], depth: int, todo: list[tuple[str, Any, int]]) -> int:
    """Refuse map keys a client cannot quote; queue the values; return the characters of the keys."""
    chars = 0
    for key, v in value.items():
        if not isinstance(key, str) or not key or "`" in key or "\x00" in key:
            raise QueryRefused(f"parameter {path}: map keys must be non-empty strings without "
                               f"backticks or NUL, not {key!r}")
        chars += len(key)
        todo.append((f"{path}.{key}", v, depth + 1))
    return chars


def check_bounds(query: str, params: Mapping[str, Any] | None, limits: Limits) -> None:
    """Raise `QueryRefused` when the query or its parameters exceed `limits` (see the module docstring)."""
    if len(query) > limits.query_chars:
        raise QueryRefused(f"the query is {len(query):,} characters long; at most {limits.query_chars:,} are "
                           "allowed (POLICYKG_MAX_QUERY_CHARS)")
    params = params or {}
    check_params(params, limits)
    tokens = tokenize(query)
    _check_depth(query, tokens, limits.query_depth)
    _check_integers(query, tokens)
    _check_ranges(query, tokens, params, limits.range_items)


def _limit_value(tok: Token, params: Mapping[str, Any]) -> int | None:
    if tok.kind == "number":
        return _int_literal(tok.value)
    value = params.get(tok.value) if tok.kind == "param" else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def cap_rows(query: str, params: Mapping[str, Any] | None, cap: int) -> str:
    """`query` with each top-level RETURN limited to `cap` rows, so the server never builds more.

    A RETURN without LIMIT gets `LIMIT cap` appended (on a line of its own, so a
    trailing `//` comment cannot swallow it); a literal or `$parameter` LIMIT
    above `cap` is lowered to `cap`; any other LIMIT expression is refused,
    since its size cannot be known before it runs. Every branch of a UNION is
    limited, so the whole result stays within (branches × cap) rows. Queries
    without a top-level RETURN (a bare `CALL db.labels()`) are left as they are.
    """
    params = params or {}
    tokens = tokenize(query)
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement) in query text
    depth, last_return, limit_at = 0, -1, -1

    def close_branch(end_pos: int) -> None:
        if last_return < 0:
            return
        if limit_at < 0:
            edits.append((end_pos, end_pos, f"\nLIMIT {cap}\n"))
            return
        arg = tokens[limit_at + 1] if limit_at + 1 < len(tokens) else None
        after = tokens[limit_at + 2] if limit_at + 2 < len(tokens) else None
        simple = arg is not None and (after is None or after.pos >= end_pos or after.value == ";")
        value = _limit_value(arg, params) if arg is not None and simple else None
        if value is None:
            raise QueryRefused("LIMIT in an ad-hoc query must be an integer or a $parameter holding one")
        if value > cap:
            width = len(arg.value) + (1 if arg.kind == "param" else 0)
            edits.append((arg.pos, arg.pos + width, str(cap)))

    for k, tok in enumerate(tokens):
        if tok.kind == "punct" and tok.value in _OPEN:
            depth += 1
        elif tok.kind == "punct" and tok.value in _CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0 and tok.kind == "word":
            word = tok.value.upper()
            if word == "RETURN":
                last_return, limit_at = k, -1
            elif word == "LIMIT" and last_return >= 0:
                limit_at = k
            elif word == "UNION":
                close_branch(tok.pos)
                last_return, limit_at = -1, -1
        elif depth == 0 and tok.kind == "punct" and tok.value == ";":
            close_branch(tok.pos)
            last_return = -1
    close_branch(len(query))
    for start, end, text in sorted(edits, reverse=True):
        query = query[:start] + text + query[end:]
    return query
