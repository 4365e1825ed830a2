"""The code style the developers' guide asks for, held by the suite: ruff clean, complexity (C901) at 15."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RUFF = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")


@pytest.mark.skipif(RUFF is None, reason="ruff is not installed (it is in the [test] extra)")
def test_ruff_is_clean_with_complexity_checked() -> None:
    proc = subprocess.run([RUFF, "check", "nlp", "graph", "api", "tests", "bench"], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-4000:]
