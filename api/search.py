"""Alias-aware search over entity names and document titles.

Two named queries feed it: `search_names` (name or alias *contains* the query,
so short aliases such as 发改委 are found exactly) and `search_fulltext` (the
backend's Chinese full-text index, which finds titles sharing words with the
query). FalkorDB's `chinese` tokeniser only matches whole index tokens: a long
query like 数字经济 may be one token the index never produced, so the query is
cut into words with jieba and the words are OR-ed (in the backend's syntax,
`GraphStore.fulltext_query`). Hits are merged and ranked here, and only here:
exact name, exact alias, name prefix, name, alias, then full-text score.

Scores are comparable within a response: a hit's score is its tier (5 for an
exact name down to 0 for full-text only) plus a fraction below 1 from the
full-text score, so any name or alias match outscores any full-text-only hit.
When the query is exactly a name or an alias, full-text-only hits are left out:
they share a word with the query but are not what it names (一网通办 for 网信办).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from graph.store import GraphStore, StoreError

#: Most candidates each query contributes before merging.
MAX_CANDIDATES = 1000
#: Cap on the unranked rows `search_names` returns (a guard for huge graphs, not a ranking cut): the whole
#: corpus has 14k entities and its largest match set is 1.9k (国), so ranking sees every match.
MAX_NAME_MATCHES = 20_000
_RANK_NAMES = ("exact_name", "exact_alias", "name_prefix", "name", "alias", "fulltext")
_EXACT_ALIAS, _FULLTEXT = 1, 5
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
    #: The backend's full-text score (0 when found by name or alias only); `score` is the comparable one.
    text_score: float

    @property
    def score(self) -> float:
        """The tier (5 exact name … 0 full-text) plus a fraction below 1 from the full-text score."""
        return float(len(_RANK_NAMES) - 1 - self.rank) + self.text_score / (self.text_score + 1.0)

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


# The rank ladder lives here and only here: `search_names` returns unranked rows, because full-text hits need
# the same ladder (a full-text hit can also be a name match that the name query's cut left out), and Python is
# the one place both kinds of row pass through.
def _rank(name: str, aliases: list[str], query: str, *, text_matched: bool = False) -> int:
    """Index into `_RANK_NAMES`: exact name, exact alias, name prefix, name contains, alias contains, full-text.

    `text_matched` says the row came from `search_names`, whose `search` text (name and aliases joined by
    spaces) contains the query: such a row is at least an alias match even when the query spans two aliases.
    """
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
    if text_matched or any(q in a for a in low_aliases):
        return 4
    return 5


def _name_hits(store: GraphStore, query: str, etype: str | None, want: int) -> dict[str, Hit]:
    """The best `want` name/alias matches, ranked, by rank then most documents, shortest name, name."""
    rows = store.read("search_names", {"q": query, "type": etype, "limit": MAX_NAME_MATCHES}).records()
    hits = [Hit(row["id"], row["type"], row["name"], row["aliases"] or [], int(row["documents"] or 0),
                _rank(row["name"], row["aliases"] or [], query, text_matched=True), 0.0) for row in rows]
    hits.sort(key=lambda h: (h.rank, -h.documents, len(h.name), h.name, h.id))
    return {h.id: h for h in hits[:want]}


def _add_fulltext_hits(store: GraphStore, query: str, etype: str | None, want: int, hits: dict[str, Hit]) -> None:
    """Merge in the full-text index's best `want` hits: a name match keeps its rank and gains the score."""
    ft = store.fulltext_query(word_groups(query))
    if not ft:
        return
    try:
        rows = store.read("search_fulltext", {"query": ft, "type": etype, "limit": want}).records()
    except StoreError:
        rows = []  # a query the full-text parser rejects still gets the name matches
    for row in rows:
        score = float(row["score"] or 0.0)
        found = hits.get(row["id"])
        if found is None:
            aliases = row["aliases"] or []
            hits[row["id"]] = Hit(row["id"], row["type"], row["name"], aliases, int(row["documents"] or 0),
                                  _rank(row["name"], aliases, query), score)
        else:
            hits[row["id"]] = replace(found, text_score=score)


def search(store: GraphStore, query: str, etype: str | None = None, limit: int = 20, offset: int = 0) -> list[Hit]:
    """Up to `limit + 1` hits from `offset` (one extra so callers can tell whether there is a next page)."""
    query = query.strip()
    want = min(offset + limit + 1, MAX_CANDIDATES)
    hits = _name_hits(store, query, etype, want)
    _add_fulltext_hits(store, query, etype, want, hits)
    ranked = sorted(hits.values(), key=lambda h: (-h.score, -h.documents, len(h.name), h.name, h.id))
    if ranked and ranked[0].rank <= _EXACT_ALIAS:
        ranked = [h for h in ranked if h.rank < _FULLTEXT]
    return ranked[offset:offset + limit + 1]


def top_hit(store: GraphStore, query: str, etype: str | None = None) -> Hit | None:
    """The best hit for `query`, or None."""
    found = search(store, query, etype, limit=1)
    return found[0] if found else None
