"""The optional trained NER stage: a model's Agency and Organization spans as the least trusted proposals.

With `POLICYKG_NER_MODEL` set (a folder written by `policykg train`), `nlp.pipeline` sources the model's
`ner` component into the extractor's pipeline (it was trained on the same jieba tokens, so it runs on
the same Doc, no second tokenization) and adds `policykg_model` after the rule components. That
component turns the model's entities into `Candidate`s with `Origin.MODEL`, but only where the rules
proposed nothing: a span that overlaps any rule candidate is dropped (a place inside the span may
stay: a name holds its place, 某镇人民政府), and a span must pass the filters the rules apply to
names (no clause words or digits, no verb or quantifier at its head, no generic head or kind of body
without a name, not a place, not a statute's legal wording). The rules stay the high-precision
proposals; the default pipeline does not load a model at all.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from nlp import words
from nlp.lexicon import get_lexicon
from nlp.phrases import strip_lead, strip_verbs
from nlp.state import Candidate, DocState, Origin, state
from nlp.text import doc_text

MODEL_TYPES = frozenset(("Agency", "Organization"))
NER_PIPE = "policykg_ner"
#: Characters that can be inside a name (as `nlp.phrases`), and no digit: a number makes a clause or a date.
_NAME = re.compile(r"[\u4e00-\u9fffA-Za-z·—\-+＋]+")
_CLAUSE = re.compile(r"[的将在是了把对为从向及、等要已并也都还就]|关于|负责|下列|上述|以下|其他")
_GENERIC_HEAD = re.compile(rf"^(?:{words.alternation('org_generic_heads')})")
_LEGAL = re.compile(words.alternation("legal_words", "legal_determiners"))
_GENERIC_IN = re.compile(r"领域|核心|相关|一批|上市公司$|^[家所个]|部门$")
# the word a body's name ends in; what stands before it must name something (有关部门, 公司 alone do not)
_KIND = re.compile(rf"(?:{words.alternation('org_suffixes', 'agency_department_words', 'body_suffixes')})$")
_MAX_LEN = 30


@lru_cache(maxsize=2)
def load(path: str) -> Language:
    """The trained pipeline at `path` (cached per process)."""
    from nlp import tokenizer as _tokenizer  # noqa: F401 - registers policykg.jieba.v1 named by its config

    return spacy.load(path)


def add_to(nlp: Language, path: Path, before: str) -> None:
    """Source the model's `ner` into `nlp` and add `policykg_model` after it, both before `before`."""
    trained = load(str(path))
    nlp.add_pipe("ner", name=NER_PIPE, source=trained, before=before)
    nlp.add_pipe("policykg_model", before=before)


def _interiors(st: DocState, n: int) -> tuple[bytearray, bytearray]:
    """(taken, inside): chars covered by a rule candidate other than a place; offsets strictly inside a place."""
    taken, inside = bytearray(n + 1), bytearray(n + 1)
    for c in st.cands:
        if c.end <= c.start:
            continue
        if c.type == "Region":
            inside[c.start + 1:c.end] = b"\x01" * (c.end - c.start - 1)
        else:
            taken[c.start:c.end] = b"\x01" * (c.end - c.start)
    return taken, inside


def acceptable(name: str) -> bool:
    """The rules' precision filters for a name: a whole name of a named body, not a clause or a kind."""
    if not 2 <= len(name) <= _MAX_LEN or not _NAME.fullmatch(name):
        return False
    if _CLAUSE.search(name) or _GENERIC_HEAD.match(name) or _LEGAL.search(name) or _GENERIC_IN.search(name):
        return False
    lex = get_lexicon()
    if lex.lookup(name, "Region"):
        return False
    m = _KIND.search(name)
    return m is None or m.start() >= 2


def proposal(text: str, st: DocState, start: int, end: int, label: str) -> Candidate | None:
    """The candidate a model span [start, end) makes, its lead verbs cut off; None when it fails a filter."""
    name = text[start:end]
    trimmed = strip_verbs(strip_lead(name), "")
    start += len(name) - len(trimmed)
    if start not in st.bounds or not acceptable(trimmed):
        return None
    lex = get_lexicon()
    for etype in (label, *sorted(MODEL_TYPES - {label})):  # the lexicon's type wins over the model's
        canon = lex.lookup(trimmed, etype)
        if canon:
            return Candidate(start, end, etype, canon, Origin.MODEL)
    if label == "Agency":
        from nlp.agencies import agency_name

        return Candidate(start, end, label, agency_name(trimmed) or trimmed, Origin.MODEL)
    return Candidate(start, end, label, trimmed, Origin.MODEL)


@Language.component("policykg_model")
def model_component(doc: Doc) -> Doc:
    """spaCy component: the trained model's Agency/Organization spans where no rule proposed anything."""
    st = state(doc)
    text = doc_text(doc)
    taken, inside = _interiors(st, len(text))
    found = []
    for ent in doc.ents:
        s, e = ent.start_char, ent.end_char
        if ent.label_ not in MODEL_TYPES or taken.find(1, s, e) != -1 or inside[s] or inside[e]:
            continue
        c = proposal(text, st, s, e, ent.label_)
        if c is not None:
            found.append(c)
    st.cands.extend(found)
    doc.ents = ()  # the entities live on as candidates; the result dict is what leaves the pipeline
    return doc
