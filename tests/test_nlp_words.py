"""nlp/words.py: the word lists of nlp/data and the alternations built from them."""

from __future__ import annotations

import re

import pytest

from nlp import words
from nlp.phrases import strip_lead

LISTS = sorted(p.stem for p in words.DATA.glob("*.txt") if p.name != "laws.txt")


def test_every_list_reads_clean() -> None:
    """Each list has words, no comment or blank left in, no inner whitespace."""
    assert len(LISTS) >= 30
    for name in LISTS:
        ws = words.words(name)
        assert ws, name
        assert all(w and "#" not in w and not re.search(r"\s", w) for w in ws), name


def test_lists_hold_no_duplicates() -> None:
    """A word written twice in one file is a sign of drift (the reader would hide it)."""
    for name in LISTS:
        lines = [ln.split("#", 1)[0].strip() for ln in (words.DATA / f"{name}.txt").read_text("utf-8").splitlines()]
        lines = [ln for ln in lines if ln]
        assert len(lines) == len(set(lines)), (name, [w for w in lines if lines.count(w) > 1])


def test_alternation_is_longest_first_and_escaped() -> None:
    alt = words.alternation("target_comparators")
    parts = alt.split("|")
    assert [len(p) for p in parts] == sorted((len(p) for p in parts), reverse=True)
    assert re.fullmatch(alt, "不超过") and re.match(alt, "超过").group(0) == "超过"
    units = re.compile(words.alternation("units"))
    assert units.fullmatch("%") and units.match("个百分点").group(0) == "个百分点"  # not 个
    assert words.alternate(["a.b", "a"]) == r"a\.b|a"


def test_two_lists_make_one_alternation() -> None:
    both = set(words.alternation("clause_verbs", "org_clause_verbs").split("|"))
    assert both == set(words.words("clause_verbs")) | set(words.words("org_clause_verbs"))


def test_rows_read_tables() -> None:
    courts = dict(words.rows("agency_courts.tsv"))
    assert courts["中院"] == "中级人民法院"
    assert all(len(r) == 2 for r in words.rows("document_kinds.tsv"))


@pytest.mark.parametrize(("name", "stripped"), [
    ("获批创建国家级试验区", "试验区"),  # 获批, 创建, 国家级: repeated
    ("高质量建设示范区", "示范区"),  # 高质量建设 before 建设
    ("建设好产业园", "产业园"),  # 建设好 from the (建设|做|抓…)好 group
])
def test_lead_verbs_from_data_strip_as_before(name: str, stripped: str) -> None:
    assert strip_lead(name) == stripped
