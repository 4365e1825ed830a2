"""Relations and the assembled output: ISSUES, CITES, TARGETS, MENTIONS, PART_OF with evidence.

The head of CITES/TARGETS/MENTIONS is the article's own Document. ISSUES comes from issuing verbs
(the bodies named in the clause before 印发/发布/出台/联合印发/制定/审议通过/提请审议), from
titles of the form 《X关于…》, from the presenter line under a title (国家发展和改革委员会主任 何立峰),
from a law's header (…常务委员会…通过, 国务院令…公布), from a report's issuing government, and
from the `（来源：…）` body when nothing else names the issuer. A place as issuer (济南市发布…) is
its people's government. The result is a plain dict in the shape of `nlp.models.Extraction`.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from nlp.agencies import agency_name
from nlp.lexicon import get_lexicon
from nlp.models import entity_id
from nlp.regions import part_of_pairs
from nlp.resolve import classify_body
from nlp.text import BOUNDS, TEXT, doc_kind, doc_text, sentence_at, sentence_ends, state

_ISSUE_VERB = re.compile(
    r"(?:联合印发|联合发布|联合颁布|联合开展|印发|发布|出台|制定出台|制定|颁布|审议通过|提请审议|公布|发起|编制印发|编制|"
    r"撰写|编写|推出|(?:(?<=会议)|(?<=委员会)|(?<=常委会))通过)"
)
_CLAUSE = re.compile(r"[，,：:（(]")
_ABOUT = re.compile(r"^(.{2,40}?)关于")
_PRESENTER = re.compile(
    r"^[ \t]*(\S.{1,40}?)\s*(?:主任|部长|局长|主席|院长|省长|市长|总理|委员长|书记|署长|行长|区长|州长|县长)"
    r"\s*[\u4e00-\u9fff]{1,2}\s?[\u4e00-\u9fff]{1,2}[ \t]*$", re.M
)
_WEBSITE = re.compile(r"(?:网|网站|官网|公众号|日报|晚报|报|杂志|新闻|客户端|司|处)$")
_LAW_ISSUE = re.compile(r"通过|公布|发布|批准|修正|修订")
_ADMIN = frozenset({"province", "prefecture", "county", "district"})
_AGENT = ("Agency", "Organization")


class _Out:
    """Collects entities and relations as plain dicts, deduplicated."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.ends = sentence_ends(text)
        self.entities: dict[tuple[str, str], dict] = {}
        self.relations: dict[tuple, dict] = {}

    def entity(self, etype: str, name: str) -> dict:
        ent = self.entities.get((etype, name))
        if ent is None:
            ent = self.entities[(etype, name)] = {"type": etype, "name": name, "aliases": [], "mentions": [],
                                                  "attrs": {}}
        return ent

    def mention(self, etype: str, name: str, s: int, e: int) -> None:
        ent = self.entity(etype, name)
        surface = self.text[s:e]
        ent["mentions"].append({"start": s, "end": e, "text": surface})
        if surface != name and surface not in ent["aliases"]:
            ent["aliases"].append(surface)

    def relation(self, rtype: str, head: tuple[str, str], tail: tuple[str, str], doc_id: str, pos: int) -> None:
        key = (rtype, head, tail)
        if key in self.relations or head == tail:
            return
        self.entity(*head)
        self.entity(*tail)
        s, e = sentence_at(self.text, self.ends, pos)
        self.relations[key] = {
            "type": rtype, "head": {"type": head[0], "name": head[1]}, "tail": {"type": tail[0], "name": tail[1]},
            "evidence": {"document": doc_id, "sentence": self.text[s:e], "start": s, "end": e},
        }


def _government(name: str) -> str | None:
    reg = get_lexicon().regions.get(name)
    return f"{name}人民政府" if reg is not None and reg.level in _ADMIN else None


def _agents(ms: list, lo: int, hi: int) -> list[tuple[str, str]]:
    """Issuing bodies among mentions within [lo, hi): agencies/organizations, else places' governments."""
    inside = [m for m in ms if lo <= m[0] and m[1] <= hi]
    agents = [(m[2], m[3]) for m in inside if m[2] in _AGENT]
    if agents:
        return list(dict.fromkeys(agents))
    govs = [_government(m[3]) for m in inside if m[2] == "Region"]
    return list(dict.fromkeys(("Agency", g) for g in govs if g))


_CONNECTOR = re.compile(r"^\s*(?:、|和|与|及|以及|联合|会同|同|,|，)?\s*$")


def _subject_group(text: str, ms: list, lo: int, hi: int) -> list[tuple[str, str]]:
    """When the verb's clause names no body (…，会上发布了《…》): the nearest earlier clause's first
    body, with the bodies joined to it by 、/和/联合 (国家卫生健康委联合国家中医药局和国家疾控局…)."""
    clauses = [lo] + [c.end() for c in _CLAUSE.finditer(text, lo, hi)] + [hi]
    for a, b in reversed(list(zip(clauses, clauses[1:], strict=False))):
        inside = [m for m in ms if a <= m[0] and m[1] <= b and m[2] in _AGENT + ("Region",)]
        if not inside:
            continue
        group = [inside[0]]
        for m in inside[1:]:
            if _CONNECTOR.match(text[group[-1][1]:m[0]]):
                group.append(m)
            else:
                break
        return _agents(group, group[0][0], group[-1][1])
    return []


def _issues_by_verb(text: str, out: _Out, ms: list, doc_id: str, d: dict) -> list[tuple]:
    found = []
    for m in ms:
        if m[2] not in ("Document", "Law"):
            continue
        s_start, _ = sentence_at(text, out.ends, m[0])
        window = text[s_start:m[0]]
        verbs = list(_ISSUE_VERB.finditer(window))
        vm = verbs[-1] if verbs else None
        if vm is None or len(window) - vm.end() > 8:
            continue
        verb_pos = s_start + vm.start()
        clause_start = s_start
        for cm in _CLAUSE.finditer(text, s_start, verb_pos):
            clause_start = cm.end()
        agents = _agents(ms, clause_start, verb_pos) or _subject_group(text, ms, s_start, clause_start)
        for ag in agents:
            found.append((ag, (m[2], m[3]), m[0]))
    return found


def _build(doc: Doc) -> dict:
    st = state(doc)
    text = doc_text(doc)
    docs = st["docs"]
    out = _Out(text)
    lex = get_lexicon()
    mentions = st.get("mentions", [])
    per_doc: list[list] = [[] for _ in docs]
    for m in mentions:
        per_doc[m[4]].append(m)
        out.mention(m[2], m[3], m[0], m[1])
    doc_infos = []
    present_regions: dict[str, tuple[int, int]] = {}
    for i, d in enumerate(docs):
        own = (d["type"], d["title"])
        doc_id = entity_id(*own)
        ent = out.entity(*own)
        ent["attrs"] = {k: d[k] for k in ("kind", "date", "period") if d.get(k)}
        doc_infos.append({"id": doc_id, "type": d["type"], "title": d["title"], "start": d["start"], "end": d["end"],
                          "kind": d.get("kind"), "date": d.get("date"), "period": d.get("period")})
        ms = per_doc[i]
        issuers = []
        for m in ms:
            tail = (m[2], m[3])
            if m[2] in ("Document", "Law") and tail != own:
                out.relation("CITES", own, tail, doc_id, m[0])
            elif m[2] in ("Program", "Region"):
                out.relation("MENTIONS", own, tail, doc_id, m[0])
                if m[2] == "Region" and m[3] not in present_regions:
                    present_regions[m[3]] = (i, m[0])
        # ISSUES from titles of the form X关于…
        for m in ms:
            if m[2] != "Document":
                continue
            am = _ABOUT.match(m[3])
            if not am:
                continue
            for part in re.split(r"[\s、]+", am.group(1)):
                agency = agency_name(part)
                org = None if agency else lex.lookup(part, "Organization")
                if agency or org:
                    head = ("Agency", agency) if agency else ("Organization", org)
                    out.relation("ISSUES", head, (m[2], m[3]), doc_id, m[0])
                    if (m[2], m[3]) == own:
                        issuers.append(head)
        for pos, doc_name, agency in st.get("implied_issuers", []):
            if d["start"] <= pos < d["end"]:
                out.relation("ISSUES", ("Agency", agency), ("Document", doc_name), doc_id, pos)
        for head, tail, pos in _issues_by_verb(text, out, ms, doc_id, d):
            out.relation("ISSUES", head, tail, doc_id, pos)
            if tail == own:
                issuers.append(head)
        # the presenter line under the title
        if d.get("title_span") and d["title_span"][1]:
            tend = d["title_span"][1]
            for pm in _PRESENTER.finditer(text, tend, min(d["end"], tend + 200)):
                for head in _agents(ms, pm.start(1), pm.end(1)):
                    out.relation("ISSUES", head, own, doc_id, pm.start(1))
                    issuers.append(head)
        if d["type"] == "Law" and d.get("header_end"):
            for m in ms:
                if m[2] == "Agency" and m[0] < d["header_end"]:
                    s, e = sentence_at(text, out.ends, m[0])
                    if _LAW_ISSUE.search(text[s:e]):
                        out.relation("ISSUES", ("Agency", m[3]), own, doc_id, m[0])
                        issuers.append(("Agency", m[3]))
        if d.get("issuer"):
            head = ("Agency", d["issuer"])
            out.relation("ISSUES", head, own, doc_id, d["title_span"][0] if d.get("title_span") else d["start"])
            issuers.append(head)
        if d.get("source") and not issuers:
            s, e, name = d["source"]
            etype, canon = classify_body(name)
            if not _WEBSITE.search(name):
                out.relation("ISSUES", (etype, canon), own, doc_id, s)
        # targets of this document
        for ts, te, key, attrs in st.get("targets", []):
            if d["start"] <= ts < d["end"]:
                ent = out.entity("Target", key)
                ent["attrs"] = attrs
                ent["mentions"].append({"start": ts, "end": te, "text": text[ts:te]})
                out.relation("TARGETS", own, ("Target", key), doc_id, ts)
    for s, e, name in st.get("publishers", []):
        etype, canon = classify_body(name)
        out.mention(etype, canon, s, e)
    periods = st.get("periods", {})
    for (etype, name), ent in out.entities.items():
        if etype in ("Document", "Law") and not ent["attrs"]:
            kind = doc_kind(name)
            ent["attrs"] = {k: v for k, v in (("kind", kind), ("period", periods.get(name))) if v}
    for child, parent in part_of_pairs(set(present_regions)):
        i, pos = present_regions[child]
        out.relation("PART_OF", ("Region", child), ("Region", parent), doc_infos[i]["id"], pos)
    return {"documents": doc_infos, "entities": list(out.entities.values()),
            "relations": list(out.relations.values())}


@Language.component("policykg_relations")
def relations_component(doc: Doc) -> Doc:
    """spaCy component: relations, and the whole extraction as a plain dict in the state."""
    st = state(doc)
    result = _build(doc)
    # only the result crosses process boundaries (n_process > 1); working data is dropped
    doc.user_data[STATE_RESULT] = result
    doc.user_data.pop("policykg", None)
    doc.user_data.pop(TEXT, None)
    doc.user_data.pop(BOUNDS, None)  # the source path (a string) stays for the boundary
    del st
    return doc


STATE_RESULT = "policykg_result"
