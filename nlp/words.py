"""Rule vocabulary as data: read the files of nlp/data/ and build regex alternations from word lists.

The extractor's rules keep their structure in code (anchors, look-arounds, groups) and take their
words from here, so a word is added to a file, not to a regex. A word list is a `.txt` file, one
word per line, `#` starts a comment; a table is a `.tsv` file, tab-separated columns, `#` lines are
comments. Everything is read once per process (cached): the extractor runs over thousands of files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data"


@cache
def rows(filename: str) -> tuple[tuple[str, ...], ...]:
    """The rows of a tab-separated file of nlp/data/ (blank and `#` lines skipped), columns as read."""
    out = []
    with open(DATA / filename, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            out.append(tuple(line.split("\t")))
    return tuple(out)


@cache
def words(name: str) -> tuple[str, ...]:
    """The words of nlp/data/<name>.txt in file order, each once (a `#` starts a comment)."""
    seen: dict[str, None] = {}
    with open(DATA / f"{name}.txt", encoding="utf-8") as f:
        for line in f:
            word = line.split("#", 1)[0].strip()
            if word:
                seen.setdefault(word, None)
    return tuple(seen)


def wordset(*names: str) -> frozenset[str]:
    """The words of one or more lists, as a set (for membership tests)."""
    return frozenset(w for name in names for w in words(name))


@cache
def alternation(*names: str) -> str:
    """`a|b|c` of the words of one or more lists, re.escape'd, longest first (see `alternate`)."""
    return alternate(w for name in names for w in words(name))


def alternate(ws: Iterable[str]) -> str:
    """`a|b|c` of the given words, re.escape'd, longest first.

    Longest first because a regex alternation takes the first branch that matches: 深入实施 must be
    tried before 实施. Words of equal length cannot both match at one position, so their order
    (alphabetical, for a stable pattern) does not matter.
    """
    return "|".join(map(re.escape, sorted(set(ws), key=lambda w: (-len(w), w))))
