"""Output assembly: the extraction of one file as a plain dict in the shape of `nlp.models.Extraction`.

The last stage. It turns each document span into its document record and entity, every kept
mention into an entity mention, runs the relation rules of `nlp.relations` on each document, adds
the file's publishers and PART_OF, and leaves the result in ``doc.user_data`` (the working state is
dropped: only the result crosses process boundaries with ``nlp.pipe(n_process=N)``).
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from nlp import legal
from nlp.models import entity_id
from nlp.relations import DocContext, part_of, relate_document, successions
from nlp.resolve import classify_body
from nlp.state import DocSpan, DocState, Mention, Ref, TargetFound, drop_state, state
from nlp.text import BOUNDS, TEXT, doc_kind, doc_text, sentence_at, sentence_ends

STATE_RESULT = "policykg_result"
#: Most characters of evidence a relation carries: a longer sentence is cut to a window around the
#: mention (with its offsets into the full text), so one huge sentence cannot multiply into gigabytes.
EVIDENCE_CHARS = 400
#: Most relations one sentence of one document may give; past it a sentence is a list, not prose.
RELATIONS_PER_SENTENCE = 200


class Output:
    """Collects entities and relations as plain dicts, deduplicated; the first evidence of a relation wins."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.ends = sentence_ends(text)
        self.entities: dict[Ref, dict[str, Any]] = {}
        self.relations: dict[tuple[str, Ref, Ref, str], dict[str, Any]] = {}
        self.links: dict[tuple[str, Ref, Ref, str], dict[str, Any]] = {}
        self._per_sentence: dict[tuple[str, int, bool], int] = {}

    def entity(self, ref: Ref) -> dict[str, Any]:
        """The entity record of `ref`, made on first use."""
        ent = self.entities.get(ref)
        if ent is None:
            ent = self.entities[ref] = {"type": ref.type, "name": ref.name, "aliases": [], "mentions": [],
                                        "attrs": {}}
        return ent

    def mention(self, ref: Ref, start: int, end: int) -> None:
        """One occurrence of `ref` at [start, end); a surface other than the name becomes an alias."""
        ent = self.entity(ref)
        surface = self.text[start:end]
        ent["mentions"].append({"start": start, "end": end, "text": surface})
        if surface != ref.name and surface not in ent["aliases"]:
            ent["aliases"].append(surface)

    def target(self, t: TargetFound) -> None:
        """A target entity with its facts and the mention of its number."""
        ent = self.entity(Ref("Target", t.key))
        ent["attrs"] = t.attrs
        ent["mentions"].append({"start": t.start, "end": t.end, "text": self.text[t.start:t.end]})

    def relation(self, rtype: str, head: Ref, tail: Ref, doc_id: str, pos: int,
                 attrs: dict[str, Any] | None = None, variant: str = "", cover: tuple[int, int] | None = None,
                 link: bool = False) -> None:
        """A relation with the sentence at `pos` as its evidence (a self-loop is no relation);
        `variant` keeps apart relations of one triple that differ in `attrs` (two goals of one key);
        `cover` is a span the evidence must hold (a goal's metric and number across a wrapped line);
        a `link` goes to the links the graph keeps but the guidelines do not score."""
        key = (rtype, head, tail, variant)
        store = self.links if link else self.relations
        if key in store or head == tail:
            return
        sentence = sentence_at(self.text, self.ends, pos)
        seen = self._per_sentence.get((doc_id, sentence[0], link), 0)
        if seen >= RELATIONS_PER_SENTENCE:
            return
        self._per_sentence[(doc_id, sentence[0], link)] = seen + 1
        s, e = evidence_window(self.text, self.ends, pos, cover, sentence)
        if not link:  # a link's endpoints are nodes of the graph (the loader makes them), not entities read
            self.entity(head)
            self.entity(tail)
        store[key] = {
            "type": rtype, "head": {"type": head.type, "name": head.name},
            "tail": {"type": tail.type, "name": tail.name},
            "evidence": {"document": doc_id, "sentence": self.text[s:e], "start": s, "end": e},
        }
        if attrs:
            store[key]["attrs"] = attrs


def evidence_window(text: str, ends: list[int], pos: int, cover: tuple[int, int] | None = None,
                    sentence: tuple[int, int] | None = None) -> tuple[int, int]:
    """(start, end) of the evidence for a mention at `pos`: its sentence (widened to the sentences
    `cover` runs over), or, past `EVIDENCE_CHARS`, the window of that size around the mention;
    `sentence` is the sentence at `pos` where the caller has it already."""
    s, e = sentence or sentence_at(text, ends, pos)
    if cover is not None and cover[1] > cover[0]:
        s = min(s, sentence_at(text, ends, cover[0])[0])
        e = max(e, sentence_at(text, ends, cover[1] - 1)[1])
    if e - s <= EVIDENCE_CHARS:
        return s, e
    lo = min(max(s, pos - EVIDENCE_CHARS // 2), e - EVIDENCE_CHARS)
    return lo, lo + EVIDENCE_CHARS


def _document_info(d: DocSpan, doc_id: str) -> dict[str, Any]:
    return {"id": doc_id, "type": d.type, "title": d.title, "start": d.start, "end": d.end,
            "kind": d.kind, "date": d.date, "period": d.period, "number": d.number,
            "issuers": list(d.issuers), "addressees": list(d.addressees), "attachments": list(d.attachments),
            "effective": d.effective, "status": d.status, "level": d.level, "place": d.place,
            **legal.document_facts(d)}


def _document_attrs(d: DocSpan) -> dict[str, Any]:
    """The facts on a document's entity (and so on its graph node): only those the text gives."""
    facts = (("kind", d.kind), ("date", d.date), ("period", d.period), ("number", d.number),
             ("effective", d.effective), ("status", d.status), ("level", d.level), ("place", d.place),
             ("published", d.published), ("version", d.version), ("expired", d.expired))
    return {k: v for k, v in facts if v}


def assemble(st: DocState, text: str) -> dict[str, Any]:
    """The whole extraction of a file from the resolved state."""
    out = Output(text)
    per_doc: list[list[Mention]] = [[] for _ in st.docs]
    for m in st.mentions:
        per_doc[m.doc].append(m)
        out.mention(Ref(m.type, m.canonical), m.start, m.end)
    infos, doc_ids, issuers = [], [], []
    for i, d in enumerate(st.docs):
        own = Ref(d.type, d.title)
        doc_id = entity_id(own.type, own.name)
        out.entity(own)["attrs"] = _document_attrs(d)
        infos.append(_document_info(d, doc_id))
        doc_ids.append(doc_id)
        inherited = issuers[d.parent] if d.parent is not None and d.parent < i else []
        ctx = DocContext(text, out, st, d, own, doc_id, per_doc[i], inherited=list(inherited))
        relate_document(ctx)
        issuers.append(ctx.issuers)
    for pub in st.publishers:
        out.mention(Ref(*classify_body(pub.name)), pub.start, pub.end)
    for ref, ent in out.entities.items():
        if ref.type in ("Document", "Law") and not ent["attrs"]:
            kind = doc_kind(ref.name)
            ent["attrs"] = {k: v for k, v in (("kind", kind), ("period", st.periods.get(ref.name))) if v}
    part_of(out, st, doc_ids)
    successions(out, st, doc_ids)
    return {"documents": infos, "entities": list(out.entities.values()),
            "relations": list(out.relations.values()), "links": list(out.links.values())}


@Language.component("policykg_output")
def output_component(doc: Doc) -> Doc:
    """spaCy component: relations, and the whole extraction as a plain dict in ``doc.user_data``."""
    doc.user_data[STATE_RESULT] = assemble(state(doc), doc_text(doc))
    drop_state(doc)
    doc.user_data.pop(TEXT, None)
    doc.user_data.pop(BOUNDS, None)  # the source path (a string) stays for the boundary
    return doc
