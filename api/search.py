"""Alias-aware search over entity names and document titles.

Two named queries feed it: `search_names` (name or alias *contains* the query,
so short aliases such as 发改委 are found exactly) and `search_fulltext` (the
backend's Chinese full-text index, which finds titles sharing words with the
query). FalkorDB's `chinese` tokeniser only matches whole index tokens: a long
query like 数字经济 may be one token the index never produced, so the query is
cut into words with jieba and the words are OR-ed. Hits are merged and ranked:
exact name, exact alias, name prefix, name, alias, then full-text score.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from graph.store import GraphStore, StoreError

#: Most candidates each query contributes before merging.
MAX_CANDIDATES = 1000
_RANK_NAMES = ("exact_name", "exact_alias", "name_prefix", "name", "alias", "fulltext")
_WORD = re.compile(r"[\w]+")


@dataclass(frozen=True)
class Hit:
    """One search result."""

    id: str
    type: str
    name: str
    aliases: list[str]
    documents: int
    rank: int
    score: float

    @property
    def match(self) -> str:
        """How the hit matched, as a name."""
        return _RANK_NAMES[self.rank]


@lru_cache(maxsize=1)
def _jieba() -> Any:
    import jieba

    jieba.setLogLevel(60)
    return jieba


def warm() -> None:
    """Load jieba's dictionary now (about a second) instead of on the first search."""
    _jieba().initialize()


def word_groups(query: str) -> list[list[str]]:
    """Per run of word characters in the query: the run and jieba's search-mode words of it, no punctuation."""
    groups: list[list[str]] = []
    for run in _WORD.findall(query):
        group: list[str] = []
        for word in [run, *_jieba().cut_for_search(run)]:
            word = word.strip()
            if word and word not in group:
                group.append(word)
        groups.append(group)
    return groups


def _rank(name: str, aliases: list[str], query: str) -> int:
    q, low = query.lower(), name.lower()
    low_aliases = [a.lower() for a in aliases]
    if low == q:
        return 0
    if q in low_aliases:
        return 1
    if low.startswith(q):
        return 2
    if q in low:
        return 3
    if any(q in a for a in low_aliases):
        return 4
    return 5


def search(store: GraphStore, query: str, etype: str | None = None, limit: int = 20, offset: int = 0) -> list[Hit]:
    """Up to `limit + 1` hits from `offset` (one extra so callers can tell whether there is a next page)."""
    query = query.strip()
    want = min(offset + limit + 1, MAX_CANDIDATES)
    hits: dict[str, Hit] = {}
    for row in store.read("search_names", {"q": query, "type": etype, "limit": want}).records():
        hits[row["id"]] = Hit(row["id"], row["type"], row["name"], row["aliases"] or [], int(row["documents"] or 0),
                              int(row["rank"]), 0.0)
    ft = store.fulltext_query(word_groups(query))
    if ft:
        try:
            rows = store.read("search_fulltext", {"query": ft, "type": etype, "limit": want}).records()
        except StoreError:
            rows = []  # a query the full-text parser rejects still gets the name matches
        for row in rows:
            aliases = row["aliases"] or []
            found = hits.get(row["id"])
            score = float(row["score"] or 0.0)
            if found is None:
                hits[row["id"]] = Hit(row["id"], row["type"], row["name"], aliases, int(row["documents"] or 0),
                                      _rank(row["name"], aliases, query), score)
            else:
                hits[row["id"]] = Hit(found.id, found.type, found.name, found.aliases, found.documents, found.rank,
                                      score)
    ranked = sorted(hits.values(), key=lambda h: (h.rank, -h.score, -h.documents, len(h.name), h.name, h.id))
    return ranked[offset:offset + limit + 1]


def top_hit(store: GraphStore, query: str, etype: str | None = None) -> Hit | None:
    """The best hit for `query`, or None."""
    found = search(store, query, etype, limit=1)
    return found[0] if found else None
