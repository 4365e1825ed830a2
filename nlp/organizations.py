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
from nlp.state import Candidate, Origin, state
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
    lex = get_lexicon()
    cands = st.cands
    agency_at: dict[int, tuple[int, str, str]] = {}
    for hit in st.hits:
        s, e, etype, canon, short = hit.start, hit.end, hit.type, hit.canonical, hit.short
        if etype == "Organization":
            if (short or e - s <= 3) and not st.aligned(s, e):
                continue
            cands.append(Candidate(s, e, "Organization", canon, Origin.ORGANIZATION_LEXICON))
        elif etype == "Agency" and (s not in agency_at or e > agency_at[s][0]):
            agency_at[s] = (e, canon, text[s:e])
    lexicon_end = {h.end: h.start for h in st.hits}
    bounds = st.bounds
    for m in _SUFFIX.finditer(text):
        a = left_edge(text, m.start(), 22, keep=("与",), bounds=st.bounds, min_core=0)
        if m.start() - a < 2:
            continue
        name0 = text[a:m.end()]
        if _GENERIC_HEAD.match(name0):
            continue
        name = strip_verbs(strip_lead(name0), m.group(0))
        a += len(name0) - len(name)
        cut = None
        for cm in _ORG_CLAUSE.finditer(name, 0, len(name) - len(m.group(0))):
            if a + cm.start() in bounds and a + cm.end() in bounds:
                cut = cm.end()  # 智慧农业谷争创国家技术创新中心: the name starts after the verb
        if cut is not None:
            name = strip_verbs(strip_lead(name[cut:]), m.group(0))
            a = m.end() - len(name)
        if m.start() - a < 2 or re.search(r"\d|等", name) or _GENERIC_HEAD.match(name) or _LEGAL.search(name):
            continue
        if _GENERIC_HEAD.match(name) or _GENERIC_IN.search(name) or lex.lookup(name, "Region"):
            continue
        core = name[: len(name) - len(m.group(0))]
        if len(core) <= 2 and not lex.lookup(core, "Region") and jieba_tags().get(core) not in _NAME_TAGS:
            continue  # 国家实验室, 一流大学: a kind of institution, not a name
        if m.end() in lexicon_end and lexicon_end[m.end()] <= a + 1:
            continue  # the lexicon knows this name (二十国集团): the pattern's longer span is noise
        ag = agency_at.get(a)
        if ag and ag[0] < m.end() and _has_verb(name[len(ag[2]):len(name) - len(m.group(0))]):
            continue  # 央行力促商业银行: a clause after the agency, not one of its units
        if ag and ag[0] < m.end():
            cands.append(Candidate(a, m.end(), "Agency", ag[1] + name[len(ag[2]):], Origin.ORGANIZATION_LEXICON))
        elif ag and ag[0] == m.end():
            continue
        else:
            cands.append(Candidate(a, m.end(), "Organization", name, Origin.ORGANIZATION_PATTERN))
    return doc
