"""The optional trained NER stage: a model's Agency and Organization spans as the least trusted proposals.

With `POLICYKG_NER_MODEL` set (a folder written by `policykg train`), `nlp.pipeline` adds
`policykg_model` after the rule components. The model was trained on the extractor's own jieba
tokens, so it reads the tokens the extractor already made (no second tokenization), a sentence at a
time: spaCy's transition-based NER advances all the docs of a batch together, so one 20,000-token
Doc costs several times more than the same tokens as a batch of sentences. The component turns the
model's entities into `Candidate`s with `Origin.MODEL`, but only where the rules proposed nothing:
a span that overlaps any rule candidate is dropped (a place inside the span may stay: a name holds
its place, 某镇人民政府), and a span must pass the filters the rules apply to names (no clause words
or digits, no verb or quantifier at its head, no generic head, not a place, not a statute's legal
wording) and have the shape the rules give its type: an Agency ends in a body word (局, 委员会, 政府
of a place…), an Organization in an institution word and is a name, not a kind. The rules stay the
high-precision proposals; the default pipeline does not load a model at all.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from nlp import words
from nlp.lexicon import get_lexicon
from nlp.organizations import is_name
from nlp.phrases import strip_lead, strip_verbs
from nlp.state import Candidate, DocState, Origin, state
from nlp.text import doc_text

MODEL_TYPES = frozenset(("Agency", "Organization"))
#: Characters that can be inside a name (as `nlp.phrases`), and no digit: a number makes a clause or a date.
_NAME = re.compile(r"[\u4e00-\u9fffA-Za-z·—\-+＋]+")
_CLAUSE = re.compile(r"[的将在是了把对为从向及、等要已并也都还就]|关于|负责|下列|上述|以下|其他")
_GENERIC_HEAD = re.compile(rf"^(?:{words.alternation('org_generic_heads')})")
_LEGAL = re.compile(words.alternation("legal_words", "legal_determiners"))
_GENERIC_IN = re.compile(r"领域|核心|相关|一批|上市公司$|^[家所个]|部门$")
# The shapes the rules give names (nlp.agencies, nlp.organizations): an Agency ends in a body word, and
# a government (…政府) is a place's; an Organization ends in an institution word and is a name, not a
# kind (`nlp.organizations.is_name`). A news-trained model also tags 中央, 财政, 民生, 法治政府 and
# 公安机关: words that no rule would take for a name, so the model may not either.
# courts, procuratorates and offices end an Agency's name besides the body and department words
_OTHER_BODY_ENDS = r"人民法院|人民检察院|法院|检察院|办事处|管委会"
_BODY_ENDS = rf"{words.alternation('body_suffixes', 'agency_department_words')}|{_OTHER_BODY_ENDS}"
_AGENCY_END = re.compile(rf"(?:{_BODY_ENDS})$")
_GOVERNMENT = re.compile(r"(?:人民)?政府(?:办公厅|办公室)?$")
_PLACE_END = re.compile(r"(?:[省市县区州旗镇乡村]|街道|自治区|自治州)$")
_ORG_END = re.compile(rf"(?:{words.alternation('org_suffixes')})$")
# Any of those ending words. A span the filters accept ends in one whose characters no rule candidate
# covers, so a sentence without such an occurrence cannot yield one: the model skips it (same result,
# a fraction of the work: most sentences of a policy text name no body the rules have not found).
_CUE = re.compile(
    rf"{words.alternation('body_suffixes', 'agency_department_words', 'org_suffixes')}|{_OTHER_BODY_ENDS}"
)
_MAX_LEN = 30
#: tokens that end a sentence for the model (as `nlp.text.sentence_ends`), and the longest piece it is given
_SENT_END = frozenset("。！？；!?")
_MAX_TOKENS = 200
_BATCH = 128


@lru_cache(maxsize=2)
def load(path: str) -> Language:
    """The trained pipeline at `path` (cached per process)."""
    from nlp import tokenizer as _tokenizer  # noqa: F401 - registers policykg.jieba.v1 named by its config

    return spacy.load(path)


def add_to(nlp: Language, path: Path, before: str) -> None:
    """Add the trained NER stage (`policykg_model` with the model at `path`) to `nlp` before `before`."""
    load(str(path))  # a bad path fails here, when the pipeline is built, not on the first document
    nlp.add_pipe("policykg_model", config={"model": str(path)}, before=before)


def pieces(words: list[str]) -> list[tuple[int, int]]:
    """Word ranges [a, b) of the sentences (a line break or 。！？； ends one), at most `_MAX_TOKENS`
    long, without the whitespace-only ones."""
    out, a, n = [], 0, len(words)
    for i, w in enumerate(words):
        if w in _SENT_END or "\n" in w or i + 1 - a >= _MAX_TOKENS or i + 1 == n:
            if any(not x.isspace() for x in words[a:i + 1]):
                out.append((a, i + 1))
            a = i + 1
    return out


def cues(text: str, taken: bytearray) -> bytearray:
    """1 at both ends of each occurrence of a name's ending word that has a character no rule candidate
    covers: the places where an acceptable model span can end."""
    hot = bytearray(len(text) + 1)
    for m in _CUE.finditer(text):
        if taken.find(0, m.start(), m.end()) != -1:
            hot[m.start()] = hot[m.end() - 1] = 1
    return hot


def model_spans(trained: Language, text: str, starts: list[int],
                hot: bytearray | None = None) -> list[tuple[int, int, str]]:
    """(start, end, label) character spans of the model's entities on `text` cut at the token `starts`
    (the extractor's jieba tokens, with the text's end), run sentence by sentence in batches; with
    `hot` (`cues`), only the sentences that hold a marked character."""
    words = [text[a:b] for a, b in zip(starts, starts[1:], strict=False)]
    ranges = pieces(words)
    if hot is not None:
        ranges = [(a, b) for a, b in ranges if hot.find(1, starts[a], starts[b]) != -1]
    vocab: Vocab = trained.vocab
    subdocs = (Doc(vocab, words=words[a:b], spaces=[False] * (b - a)) for a, b in ranges)
    out = []
    for (a, _), sub in zip(ranges, trained.pipe(subdocs, batch_size=_BATCH), strict=True):
        base = starts[a]
        out.extend((base + e.start_char, base + e.end_char, e.label_) for e in sub.ents)
    return out


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


def acceptable(name: str, label: str) -> bool:
    """The rules' precision filters for a name of type `label`: a whole name of one named body, in the
    shape the rules give that type, not a clause or a kind."""
    if not 2 <= len(name) <= _MAX_LEN or not _NAME.fullmatch(name):
        return False
    if _CLAUSE.search(name) or _GENERIC_HEAD.match(name) or _LEGAL.search(name) or _GENERIC_IN.search(name):
        return False
    lex = get_lexicon()
    if lex.lookup(name, "Region"):
        return False
    if label == "Organization":
        m = _ORG_END.search(name)
        return m is not None and is_name(name, m.group(0))
    m = _AGENCY_END.search(name)
    if m is None or m.start() < 2 or "与" in name:  # …机关与所办: two bodies or a clause, as nlp.agencies
        return False
    g = _GOVERNMENT.search(name)
    if g is not None:  # 法治政府, 地方政府 are kinds; 某镇人民政府 is a body
        core = name[:g.start()]
        return bool(lex.lookup(core, "Region") or _PLACE_END.search(core))
    return True


def proposal(text: str, st: DocState, start: int, end: int, label: str) -> Candidate | None:
    """The candidate a model span [start, end) makes, its lead verbs cut off; None when it fails a filter."""
    name = text[start:end]
    trimmed = strip_verbs(strip_lead(name), "")
    start += len(name) - len(trimmed)
    if start not in st.bounds or not acceptable(trimmed, label):
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


class ModelStage:
    """spaCy component `policykg_model`: the trained model's Agency/Organization spans where no rule
    proposed anything, as `Origin.MODEL` candidates."""

    def __init__(self, model: str) -> None:
        self.model = model
        self.trained = load(model)

    def __call__(self, doc: Doc) -> Doc:
        """Add the model's candidates to the doc's state (nothing else changes)."""
        st = state(doc)
        text = doc_text(doc)
        starts = sorted(st.bounds)  # token starts and the text's end, as the tokenizer made them
        taken, _ = _interiors(st, len(text))
        add_candidates(st, text, model_spans(self.trained, text, starts, cues(text, taken)))
        return doc


@Language.factory("policykg_model", default_config={"model": ""})
def make_model_stage(nlp: Language, name: str, model: str) -> ModelStage:
    """The factory `nlp.pipeline` adds with the model's path."""
    return ModelStage(model)


def add_candidates(st: DocState, text: str, spans: list[tuple[int, int, str]]) -> None:
    """The candidates the model's spans make: no overlap with a rule candidate (a place may sit inside
    the span), the rules' name filters passed."""
    taken, inside = _interiors(st, len(text))
    found = []
    for s, e, label in spans:
        if label not in MODEL_TYPES or taken.find(1, s, e) != -1 or inside[s] or inside[e]:
            continue
        c = proposal(text, st, s, e, label)
        if c is not None:
            found.append(c)
    st.cands.extend(found)
