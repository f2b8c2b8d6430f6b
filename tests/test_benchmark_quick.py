"""The benchmark script still runs end to end (``--quick``), so it cannot rot between full runs.

This checks that every measurement ran and reported a number, and the one
result that does not depend on the machine's speed: a warm start never imports
kiwipiepy. The speed targets themselves are judged by the full run.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

BENCHMARK = Path(__file__).with_name("benchmark.py")
MEASURED = ("cold ingest", "warm start", "search", "entity", "note write", "export")


def test_the_quick_benchmark_measures_everything(tmp_path: Path) -> None:
    report = tmp_path / "bench.json"
    run = subprocess.run(
        [sys.executable, str(BENCHMARK), "--quick", "--json", str(report)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    rows = json.loads(report.read_text(encoding="utf-8"))["rows"]
    assert not [row["metric"] for row in rows if row["error"]]
    for area in MEASURED:
        measured = [row for row in rows if area in row["metric"] and row["value"] is not None]
        assert measured, f"no {area!r} row with a value in {[row['metric'] for row in rows]}"
    kiwi_rows = [row for row in rows if row["metric"].endswith("kiwipiepy imported")]
    assert kiwi_rows and all(row["value"] is False for row in kiwi_rows)
    missing = [row["metric"] for row in rows if row["metric"] not in run.stdout]
    assert not missing, f"rows missing from the printed table: {missing}"
