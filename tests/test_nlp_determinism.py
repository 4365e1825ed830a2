"""The same text gives the same extraction in every process (no dependence on hash order)."""

from __future__ import annotations

import os
import subprocess
import sys

from nlp.extract import extract
from tests.conftest import BRIEFING, corpus_file

FILES = [
    "reports/city/来宾.txt", "reports/city/长治.txt", "reports/city/吉林.txt", "reports/provincial/2026-山东省.txt",
]
SCRIPT = (
    "import sys, json; from nlp.extract import extract\n"
    "out = [extract(open(p, encoding='utf-8').read(), p).model_dump(mode='json') for p in sys.argv[1:]]\n"
    "print(json.dumps(out, ensure_ascii=False, sort_keys=True))\n"
)


def test_report_titles_follow_the_file_name_even_when_the_short_form_is_a_common_word() -> None:
    for name, title in (("来宾", "来宾市"), ("长治", "长治市"), ("天门", "天门市")):
        path = corpus_file(f"reports/city/{name}.txt")
        docs = extract(path.read_text(encoding="utf-8"), str(path)).documents
        assert [d.title for d in docs] == [f"2024年{title}政府工作报告"]


def test_extraction_does_not_depend_on_the_hash_seed() -> None:
    paths = [str(corpus_file(f)) for f in FILES] + [str(BRIEFING)]
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        proc = subprocess.run([sys.executable, "-c", SCRIPT, *paths], env=env, capture_output=True, text=True,
                              timeout=300, check=True)
        outputs.append(proc.stdout)
    assert outputs[0] == outputs[1]
