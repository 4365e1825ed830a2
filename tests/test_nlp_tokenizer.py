"""The jieba tokenizer: same cut as jieba, offsets kept, lexicon entities on token boundaries."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.pipeline import build_nlp
from nlp.tokenizer import clear_cache, policy_segmenter, segment

CORPUS = Path("/work/shared/corpus")
pytestmark = pytest.mark.skipif(not CORPUS.exists(), reason="shared corpus not available")


def _sample() -> list[Path]:
    files = sorted(p for p in CORPUS.rglob("*") if p.suffix in (".txt", ".md") and p.name != "README.md")
    return files[::40]


def test_cached_segment_equals_jieba() -> None:
    seg = policy_segmenter()
    clear_cache()
    for f in _sample():
        text = f.read_text(encoding="utf-8")
        # twice: the second pass is served from the block cache
        assert segment(text) == seg.lcut(text, HMM=False), f
        assert segment(text) == seg.lcut(text, HMM=False), f


@pytest.mark.parametrize("text", [
    "建设5G基站和C919大飞机，2025年GDP增长5.5%以上。",  # letters and digits inside Han blocks
    "a1b2中c国d", "中", "ABC", "的的的的的", "乒乓球拍卖完了", "结婚的和尚未结婚的",  # ties and ambiguity
    "国务院办公厅关于印发《“十四五”数字经济发展规划》的通知",
])
def test_the_one_pass_cut_equals_jiebas(text: str) -> None:
    # nlp.tokenizer cuts each block in one backward pass of its own; it must give jieba's cut exactly
    clear_cache()
    assert segment(text) == policy_segmenter().lcut(text, HMM=False)


def test_doc_text_and_lexicon_boundaries() -> None:
    nlp = build_nlp(compact=False)
    text = (CORPUS / "bigdata-briefing-2022-11-18.txt").read_text(encoding="utf-8")
    doc = nlp(text)
    assert doc.text == text
    starts = {t.idx for t in doc} | {len(text)}
    ents = doc.user_data["policykg_result"]["entities"]
    lexicon_like = [m for e in ents if e["type"] in ("Region", "Agency", "Law") for m in e["mentions"]]
    assert lexicon_like
    aligned = sum(m["start"] in starts and m["end"] in starts for m in lexicon_like)
    # the jieba user dictionary is built from the lexicons: their mentions start and end on tokens
    assert aligned / len(lexicon_like) > 0.9
