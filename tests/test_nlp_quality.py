"""The extractor against the seed gold, scored by the shared scorer (never copied here).

Bars: entity F1 >= 0.85, core-relation F1 (ISSUES, CITES, TARGETS) >= 0.75, every entity type
of the gold >= 0.70.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from nlp.extract import extract

SHARED = Path("/work/shared")
SEED = SHARED / "corpus" / "bigdata-briefing-2022-11-18.txt"
GOLD = SHARED / "eval" / "seed-gold.json"
SCORER = SHARED / "eval" / "score.py"

pytestmark = pytest.mark.skipif(not (SEED.exists() and GOLD.exists() and SCORER.exists()),
                                reason="shared corpus/eval not available")


@pytest.fixture(scope="module")
def system_json(tmp_path_factory) -> Path:
    ex = extract(SEED.read_text(encoding="utf-8"), str(SEED))
    path = tmp_path_factory.mktemp("seed") / "seed.json"
    path.write_text(ex.model_dump_json(), encoding="utf-8")
    return path


def _score(system: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCORER), str(GOLD), str(system), *args],
                          capture_output=True, text=True, timeout=120)


def test_seed_meets_the_bars(system_json: Path) -> None:
    res = _score(system_json, "--min-entity-f1", "0.85", "--min-relation-f1", "0.75")
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-2000:]


def test_every_entity_type_f1(system_json: Path) -> None:
    res = _score(system_json, "--json")
    report, _ = json.JSONDecoder().raw_decode(res.stdout)
    gold_types = {e["type"] for e in json.loads(GOLD.read_text(encoding="utf-8"))["entities"]}
    for doc in json.loads(GOLD.read_text(encoding="utf-8")).get("documents", []):
        gold_types |= {e["type"] for e in doc.get("entities", [])}
    low = {t: m["f1"] for t, m in report["entities"].items() if t in gold_types and m["f1"] < 0.70}
    assert not low, f"entity types below 0.70: {low}"
    assert report["entities"]["ALL"]["f1"] >= 0.85
    assert report["relations"]["CORE"]["f1"] >= 0.75
