"""Bounded extraction (issue 10, case 4): adversarial texts run in a subprocess under a memory limit,
so a regression fails the test instead of the machine."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from nlp.output import EVIDENCE_CHARS, RELATIONS_PER_SENTENCE

ROOT = Path(__file__).resolve().parent.parent
POLICYKG = [sys.executable, "-m", "api.cli"]
# spaCy, jieba and the lexicons take ~0.4 GB resident and more address space (thread stacks, numpy);
# 3 GiB of address space leaves room for that and nothing like the 23 GB the unbounded extractor took
LIMIT = 3 * 1024**3


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))


def _extract(path: Path) -> tuple[int, dict | None, str]:
    proc = subprocess.run([*POLICYKG, "extract", str(path), "--json"], cwd=ROOT, capture_output=True,
                          text=True, timeout=600, preexec_fn=_limited)
    return proc.returncode, (json.loads(proc.stdout) if proc.returncode == 0 else None), proc.stderr


def _titles_in_one_sentence(n: int) -> str:
    return "关于数字经济的通知\n根据" + "、".join(f"《数字经济发展规划第{i}号》" for i in range(n)) + "，制定本办法。\n"


SHAPES = {
    "one sentence listing thousands of titles": _titles_in_one_sentence(5000),
    "a megabyte without a stop": "数字经济" * 250_000,
    "a hundred thousand short lines": "到2025年建成10个示范区\n" * 100_000,
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_adversarial_texts_extract_within_the_memory_limit(shape: str, tmp_path: Path) -> None:
    path = tmp_path / "bomb.txt"
    path.write_text(SHAPES[shape], encoding="utf-8")
    code, out, err = _extract(path)
    assert code == 0, err[-2000:]
    assert "Traceback" not in err
    per_sentence: dict[tuple[str, int], int] = {}
    for rel in out["relations"]:
        ev = rel["evidence"]
        assert len(ev["sentence"]) <= EVIDENCE_CHARS
        assert SHAPES[shape][ev["start"]:ev["end"]] == ev["sentence"]  # offsets into the full text
        per_sentence[(ev["document"], ev["start"])] = per_sentence.get((ev["document"], ev["start"]), 0) + 1
    if shape.startswith("one sentence"):
        # a list of 5,000 titles is one sentence: its relations are capped, its evidence windowed
        assert len([r for r in out["relations"] if r["type"] == "CITES"]) <= RELATIONS_PER_SENTENCE
