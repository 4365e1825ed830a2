"""Companies named by their short names: a two-character brand and its trade (潍柴动力, 歌尔股份, 富晶电子).

Reports name local companies the way the stock market does (证券简称): a brand jieba does not know, so it
falls apart into single characters (潍|柴, 富|晶), followed by the company's trade word (动力, 电子). The same
shape is also an industry (冷链|物流, 具身|智能), so a name of that shape counts only where the grammar says
it is a company:
- as a clause's subject that receives or achieves something (潍柴动力获中国专利金奖, 亿航智能获批…);
- as an item of an enumeration whose every neighbour is a company too (天铭智能、科贝激光、富晶电子等技改项目),
  unless the list closes on a sector word (…等未来产业).
"""

from __future__ import annotations

import re

from nlp import words
from nlp.lexicon import get_lexicon, jieba_tags
from nlp.state import Candidate, DocState, Origin

_TRADES = words.wordset("company_industry_words")
_ACHIEVE = words.words("company_achievement_verbs")
_NOT_BRAND = words.wordset("company_brand_not_chars")
_LIST_NOT_CLOSE = re.compile(rf"^[^，。；：、（）]{{0,6}}?(?:{words.alternation('company_list_not_closers')})")
_HAN = re.compile(r"[\u4e00-\u9fff]")
# a clause opens after punctuation or a line break
_OPENERS = frozenset("，。；：、（“”！？\n ")
# jieba tags of a two-character word that can be a brand of its own (兴华 nz)
_BRAND_TAGS = frozenset(("nz", "nr", "nrt"))


def _brand_start(toks: list[str], i: int) -> int | None:
    """Index of the brand's first token when tokens before `i` (a trade word) are a brand that opens a
    clause or a list item, else None."""
    lex = get_lexicon()

    def opens(k: int) -> bool:
        return k < 0 or toks[k][-1] in _OPENERS

    if i >= 2:
        a, b = toks[i - 2], toks[i - 1]
        if (len(a) == len(b) == 1 and _HAN.match(a) and _HAN.match(b) and a not in _NOT_BRAND
                and b not in _NOT_BRAND and opens(i - 3)):
            return i - 2
    if i >= 1:
        w = toks[i - 1]
        if (len(w) == 2 and jieba_tags().get(w) in _BRAND_TAGS and opens(i - 2)
                and not lex.lookup(w, "Region") and not lex.lookup(w, "Agency")):
            return i - 1
    return None


def company_candidates(text: str, st: DocState) -> list[Candidate]:
    """Organization candidates for the companies a report names by their short names."""
    toks, starts = st.words, st.starts
    names: dict[int, int] = {}  # start -> end of each company-shaped name
    for i, tok in enumerate(toks):
        if tok not in _TRADES:
            continue
        k = _brand_start(toks, i)
        if k is not None:
            names[starts[k]] = starts[i] + len(tok)
    if not names:
        return []
    org_at = {h.start: h.end for h in st.hits if h.type == "Organization"}
    found = [Candidate(s, e, "Organization", text[s:e], Origin.ORGANIZATION_EXEMPLAR)
             for s, e in names.items()
             if text.startswith(_ACHIEVE, e) and (s == 0 or text[s - 1] != "、")]
    found.extend(_listed(text, names, org_at))
    return found


def _listed(text: str, names: dict[int, int], org_at: dict[int, int]) -> list[Candidate]:
    """The company-shaped items of enumerations (A、B、C等…) whose items are all companies."""
    out: list[Candidate] = []
    seen: set[int] = set()
    for start in sorted(names):
        if start in seen:
            continue
        # walk the chain of items joined by 、 from this item
        chain: list[tuple[int, int, bool]] = []
        s = start
        while True:
            if s in names:
                e = names[s]
                chain.append((s, e, True))
            elif s in org_at:
                chain.append((s, org_at[s], False))
                e = org_at[s]
            else:
                break
            seen.add(s)
            if text[e:e + 1] != "、":
                break
            s = e + 1
        if len(chain) < 2 or text[chain[-1][1]:chain[-1][1] + 1] == "、":
            continue  # a lone item, or a list that goes on with items of another shape
        if start >= 1 and text[start - 1] == "、" and sum(shaped for _, _, shaped in chain) < 3:
            continue  # items of another shape before this one, and too few companies to tell
        last_end = chain[-1][1]
        if text[last_end:last_end + 1] == "等" and _LIST_NOT_CLOSE.match(text, last_end + 1):
            continue
        for s, e, shaped in chain:
            if shaped:
                out.append(Candidate(s, e, "Organization", text[s:e], Origin.ORGANIZATION_EXEMPLAR))
    return out
