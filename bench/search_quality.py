"""Search on a whole-corpus graph for the best-known abbreviations: the top hits, their match and score.

Not a test (it needs the whole corpus ingested): run after `policykg ingest ../shared/corpus`, e.g.
    POLICYKG_DATA_DIR=/tmp/corpus-graph python bench/search_quality.py
It prints, per query, the first hits and flags a query whose first hit is not the entity it names.
"""

from __future__ import annotations

import sys

from api.search import search
from graph.connect import open_store
from graph.settings import get_settings

#: Query -> the name of the entity it names (the expected first hit).
EXPECTED = {
    "发改委": "国家发展和改革委员会", "工信部": "工业和信息化部", "网信办": "中央网络安全和信息化委员会办公室",
    "证监会": "中国证券监督管理委员会", "央行": "中国人民银行", "人社部": "人力资源和社会保障部",
    "住建部": "住房和城乡建设部", "市场监管总局": "国家市场监督管理总局",
    "十四五规划": "中华人民共和国国民经济和社会发展第十四个五年规划和2035年远景目标纲要", "数据安全法": "数据安全法",
}


def main(limit: int = 8) -> int:
    store = open_store(get_settings(), schema=False)
    wrong = 0
    try:
        for q, want in EXPECTED.items():
            hits = search(store, q, limit=limit)
            ok = bool(hits) and hits[0].name == want
            wrong += not ok
            print(f"{'ok ' if ok else 'BAD'} {q}: {len(hits)} hit(s)")
            for h in hits[:limit]:
                print(f"      {h.score:6.3f} {h.match:11} {h.type:12} {h.name}  ({h.documents} docs)")
    finally:
        store.close()
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
