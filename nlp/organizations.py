"""Organization mentions: the international/company lexicon, and names ending in an institution word.

…大学, …学院, …研究院, …协会, …联盟, …集团, …公司, …实验室 and the like are organizations; the
name is extended leftwards to its natural edge (`nlp.phrases.left_edge`). A name that starts with a
known agency (中国社会科学院财经战略研究院) is that agency's unit, so an Agency.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from nlp import words
from nlp.lexicon import get_lexicon, jieba_tags
from nlp.phrases import left_edge, strip_lead, strip_verbs
from nlp.state import Candidate, DocState, Origin, state
from nlp.text import doc_text

# a two-character head that jieba knows as a name (崂山 ns, 华为 nz) makes a name: 崂山实验室
_NAME_TAGS = frozenset(("ns", "nr", "nz", "nrt", "nt"))
_LEGAL = re.compile(words.alternation("legal_words", "legal_determiners"))

_SUFFIX = re.compile(
    rf"(?:{words.alternation('org_suffixes')})(?![\u4e00-\u9fff]{{0,1}}(?:长|士|生|员|治|制))"
)
# Verbs of a clause that ends in an institution's name (…获批省技术创新中心, 实体化运行合肥产业研究院)
_ORG_CLAUSE = re.compile(words.alternation("clause_verbs", "org_clause_verbs"))
_GENERIC_IN = re.compile(r"领域|核心|相关|一批|上市公司$|^[家所个]")
_GENERIC_HEAD = re.compile(rf"^(?:{words.alternation('org_generic_heads')})")


def _has_verb(part: str) -> bool:
    """True when a name's middle holds a verb of two or more characters (力促, 发布, 允许)."""
    if not part:
        return False
    from nlp.tokenizer import segment, verbs  # the tokenizer needs the lexicons; import late

    vs = verbs()
    return any(len(w) >= 2 and w in vs for w in segment(part))


@Language.component("policykg_organizations")
def organizations_component(doc: Doc) -> Doc:
    """spaCy component: organization candidates (and agency units found by the same shapes)."""
    st = state(doc)
    text = doc_text(doc)
    agency_at: dict[int, tuple[int, str, str]] = {}
    for hit in st.hits:
        s, e = hit.start, hit.end
        if hit.type == "Organization":
            if (hit.short or e - s <= 3) and not st.aligned(s, e):
                continue
            st.cands.append(Candidate(s, e, "Organization", hit.canonical, Origin.ORGANIZATION_LEXICON))
        elif hit.type == "Agency" and (s not in agency_at or e > agency_at[s][0]):
            agency_at[s] = (e, hit.canonical, text[s:e])
    lexicon_end = {h.end: h.start for h in st.hits}
    for m in _SUFFIX.finditer(text):
        found = _named_by_suffix(text, st, m, agency_at, lexicon_end)
        if found:
            st.cands.append(found)
    return doc


def _suffix_name(text: str, st: DocState, m: re.Match) -> tuple[int, str] | None:
    """(start, name) of the name that ends in the institution word `m`, its lead verbs and clause cut off."""
    a = left_edge(text, m.start(), 22, keep=("与",), bounds=st.bounds, min_core=0)
    if m.start() - a < 2:
        return None
    name0 = text[a:m.end()]
    if _GENERIC_HEAD.match(name0):
        return None
    name = strip_verbs(strip_lead(name0), m.group(0))
    a += len(name0) - len(name)
    cut = None
    for cm in _ORG_CLAUSE.finditer(name, 0, len(name) - len(m.group(0))):
        if a + cm.start() in st.bounds and a + cm.end() in st.bounds:
            cut = cm.end()  # 智慧农业谷争创国家技术创新中心: the name starts after the verb
    if cut is not None:
        name = strip_verbs(strip_lead(name[cut:]), m.group(0))
        a = m.end() - len(name)
    return a, name


def is_name(name: str, suffix: str) -> bool:
    """True when `name` (ending in `suffix`) names one institution, not a kind or a phrase."""
    lex = get_lexicon()
    if re.search(r"\d|等", name) or _GENERIC_HEAD.match(name) or _LEGAL.search(name):
        return False
    if _GENERIC_IN.search(name) or lex.lookup(name, "Region"):
        return False
    core = name[: len(name) - len(suffix)]
    # 国家实验室, 一流大学: a kind of institution, not a name
    return len(core) > 2 or bool(lex.lookup(core, "Region")) or jieba_tags().get(core) in _NAME_TAGS


def _named_by_suffix(text: str, st: DocState, m: re.Match, agency_at: dict[int, tuple[int, str, str]],
                     lexicon_end: dict[int, int]) -> Candidate | None:
    """The organization (or an agency's unit) whose name ends in the institution word `m`."""
    found = _suffix_name(text, st, m)
    if found is None:
        return None
    a, name = found
    if m.start() - a < 2 or not is_name(name, m.group(0)):
        return None
    if m.end() in lexicon_end and lexicon_end[m.end()] <= a + 1:
        return None  # the lexicon knows this name (二十国集团): the pattern's longer span is noise
    ag = agency_at.get(a)
    if ag and ag[0] < m.end():
        if _has_verb(name[len(ag[2]):len(name) - len(m.group(0))]):
            return None  # 央行力促商业银行: a clause after the agency, not one of its units
        return Candidate(a, m.end(), "Agency", ag[1] + name[len(ag[2]):], Origin.ORGANIZATION_LEXICON)
    if ag and ag[0] == m.end():
        return None
    return Candidate(a, m.end(), "Organization", name, Origin.ORGANIZATION_PATTERN)
