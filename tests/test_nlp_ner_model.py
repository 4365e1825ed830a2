"""The optional trained NER stage: `policykg train` on a tiny budget, the model loaded into the extractor.

Training is real (spaCy, the shipped config) but tiny: 300 CLUENER sentences, a few steps; the test
asserts what the command writes and that the extractor with `POLICYKG_NER_MODEL` keeps its output
contract, not how good a five-step model is (that is docs/model.md, measured by bench/ner_model.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from nlp import cluener
from nlp.models import Extraction
from nlp.ner import MODEL_TYPES, _interiors, add_candidates, cues, load, model_spans, pieces
from nlp.output import STATE_RESULT
from nlp.pipeline import build_nlp
from nlp.state import Origin, state
from nlp.text import with_source
from tests.conftest import BRIEFING, SHARED

CLUENER = SHARED / "ner" / "cluener-train.json"
pytestmark = pytest.mark.skipif(not CLUENER.is_file(), reason="no CLUENER file in ../shared/ner")


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`policykg train` with 300 sentences and 5 steps, writing where POLICYKG_NER_TRAIN_DIR says."""
    out = tmp_path_factory.mktemp("ner")
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICYKG_")}
    env.update(POLICYKG_DATA_DIR=str(out / "data"), POLICYKG_NER_TRAIN_DIR=str(out / "train"),
               OMP_NUM_THREADS="1")
    proc = subprocess.run([sys.executable, "-m", "api.cli", "train", "--cluener", str(CLUENER), "--limit", "300",
                           "--max-steps", "5"], env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    model = out / "train" / "model-best"
    assert f"POLICYKG_NER_MODEL={model}" in proc.stdout
    return model


def test_train_writes_the_split_corpus_and_a_loadable_model(tiny_model: Path) -> None:
    corpus = tiny_model.parent / "corpus"
    assert (corpus / "train.spacy").is_file() and (corpus / "dev.spacy").is_file()
    trained = load(str(tiny_model))
    assert trained.pipe_names == ["ner"]
    assert set(trained.get_pipe("ner").labels) == MODEL_TYPES
    doc = trained("国家发展改革委和阿里巴巴集团联合发布通知")
    # the model sees the extractor's jieba tokens, not characters
    assert [t.text for t in doc][:1] == ["国家发展改革委"]
    # no model binary lands in the repository: the command writes only where it is told
    assert not Path("nlp/model/model-best").exists()


def test_split_is_seeded_and_disjoint() -> None:
    sentences = cluener.read(CLUENER, limit=300)
    train, dev = cluener.split(sentences, 0.1, 13)
    assert len(dev) == 30 and len(train) == 270
    assert (train, dev) == cluener.split(sentences, 0.1, 13)
    assert (train, dev) != cluener.split(sentences, 0.1, 14)
    # every sentence is in exactly one part
    assert sorted(train + dev, key=sentences.index) == sentences
    assert {label for s in sentences for *_, label in s.spans} <= MODEL_TYPES


def test_extractor_with_the_model_keeps_its_contract(tiny_model: Path) -> None:
    text = BRIEFING.read_text(encoding="utf-8")
    rules = build_nlp(compact=True)
    with_model = build_nlp(compact=True, ner_model=tiny_model)
    assert "policykg_model" in with_model.pipe_names and "policykg_model" not in rules.pipe_names
    results = []
    for nlp in (rules, with_model):
        doc = nlp(with_source(text, str(BRIEFING)))
        ex = Extraction.model_validate({"source": str(BRIEFING), **doc.user_data[STATE_RESULT]})
        json.dumps(ex.model_dump(mode="json"), ensure_ascii=False)
        for e in ex.entities:
            for m in e.mentions:
                assert text[m.start:m.end] == m.text
        results.append(ex)
    base, more = results
    assert [d.title for d in base.documents] == [d.title for d in more.documents]

    def spans(ex: Extraction, types: set[str]) -> set[tuple[int, int, str]]:
        return {(m.start, m.end, e.type) for e in ex.entities if e.type in types for m in e.mentions}

    # the model only adds: every rule mention other than a place is still there
    kinds = {"Agency", "Organization", "Document", "Law", "Program"}
    assert spans(base, kinds) <= spans(more, kinds)


def test_the_model_reads_the_extractors_tokens_sentence_by_sentence(tiny_model: Path) -> None:
    text = "国家发展改革委印发通知。\n\n阿里巴巴集团参与；星辰科技有限公司承办！"
    _, st = _rule_state(text)
    starts = sorted(st.bounds)
    words = [text[a:b] for a, b in zip(starts, starts[1:], strict=False)]
    ranges = pieces(words)
    assert ["".join(words[a:b]) for a, b in ranges] == ["国家发展改革委印发通知。", "阿里巴巴集团参与；",
                                                   "星辰科技有限公司承办！"]
    for s, e, label in model_spans(load(str(tiny_model)), text, starts):  # offsets are the file's
        assert label in MODEL_TYPES and 0 <= s < e <= len(text)


def _rule_state(text: str):  # noqa: ANN202 - (Doc, DocState) after the rule components
    nlp = build_nlp(compact=False)
    doc = nlp.make_doc(with_source(text, "test"))
    for name, proc in nlp.pipeline:
        if name == "policykg_resolve":
            break
        doc = proc(doc)
    return doc, state(doc)


def test_model_spans_pass_the_rules_filters_and_never_replace_a_rule_candidate() -> None:
    text = ("广州市天河区车陂街道办事处与国家发展改革委、有关部门和应当设立委员会联合印发通知，星辰科技有限公司参与，"
            "建设法治政府，保障民生。")
    doc, st = _rule_state(text)
    rule_cands = list(st.cands)

    def ent(surface: str, label: str) -> tuple[int, int, str]:
        s = text.index(surface)
        return s, s + len(surface), label

    add_candidates(st, text, [ent("车陂街道办事处", "Agency"), ent("国家发展改革委", "Organization"),
                              ent("有关部门", "Agency"), ent("应当设立委员会", "Agency"),
                              ent("星辰科技", "Organization"), ent("法治政府", "Agency"), ent("民生", "Organization")])
    added = {(text[c.start:c.end], c.type) for c in st.cands if c.origin is Origin.MODEL}
    assert ("车陂街道办事处", "Agency") in added  # a name no rule proposed
    assert not any(s == "国家发展改革委" for s, _ in added)  # the lexicon's candidate stays the only one
    assert not any(s in ("有关部门", "应当设立委员会") for s, _ in added)  # generic; a clause
    # no institution word, or a kind of government rather than a place's: no name by the rules' shapes
    assert not any(s in ("星辰科技", "法治政府", "民生") for s, _ in added)
    assert st.cands[:len(rule_cands)] == rule_cands


def test_the_model_skips_sentences_where_no_acceptable_span_can_end(tiny_model: Path) -> None:
    text = "国家发展改革委印发通知。\n车陂街道办事处组织培训。\n建设数字中国。"
    _, st = _rule_state(text)
    taken, _ = _interiors(st, len(text))
    hot = cues(text, taken)
    first, second = text.index("。") + 2, text.rindex("。", 0, len(text) - 1) + 2
    assert hot.find(1, 0, first) == -1  # 委 ends a body word, but inside the lexicon's 国家发展改革委
    assert hot.find(1, first, second) != -1  # 办事处, which no rule proposed
    assert hot.find(1, second) == -1  # no body word at all
    starts = sorted(st.bounds)
    trained = load(str(tiny_model))
    every, some = model_spans(trained, text, starts), model_spans(trained, text, starts, hot)
    assert set(some) <= set(every)
    assert all(first <= s < second for s, _, _ in some)


def _cli(args: list[str], **env_extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICYKG_")}
    env.update(env_extra)
    return subprocess.run([sys.executable, "-m", "api.cli", *args], env=env, capture_output=True, text=True,
                          timeout=120)


def test_a_bad_model_path_or_training_file_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    proc = _cli(["extract", str(BRIEFING)], POLICYKG_NER_MODEL=str(tmp_path / "nothing"),
                POLICYKG_DATA_DIR=str(tmp_path))
    assert proc.returncode == 1 and "POLICYKG_NER_MODEL" in proc.stderr and "Traceback" not in proc.stderr
    proc = _cli(["train", "--cluener", str(tmp_path / "missing.json")], POLICYKG_DATA_DIR=str(tmp_path))
    assert proc.returncode == 2 and "missing.json" in proc.stderr and "Traceback" not in proc.stderr
    # an empty POLICYKG_NER_MODEL is unset: the rules alone
    proc = _cli(["extract", str(BRIEFING)], POLICYKG_NER_MODEL="", POLICYKG_DATA_DIR=str(tmp_path))
    assert proc.returncode == 0, proc.stderr
