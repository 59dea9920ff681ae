"""Migrations upgrade a database that already holds data (a new column on a filled table
must not need a value the old rows do not have)."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]


def test_upgrading_a_filled_database_keeps_its_notifications(tmp_path):
    url = f"sqlite://{tmp_path / 'old.sqlite3'}"
    done = subprocess.run([sys.executable, "-m", "tests.support.upgrade_check", url, "0008_trainings"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    rows = json.loads(done.stdout.strip().splitlines()[-1])
    assert rows == [{"id": 1, "kind": "report_status", "params": None}]
