"""Migrations upgrade a database that already holds data (a new column on a filled table
must not need a value the old rows do not have)."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]


def test_upgrading_a_filled_database_keeps_its_rows(tmp_path):
    url = f"sqlite://{tmp_path / 'old.sqlite3'}"
    done = subprocess.run([sys.executable, "-m", "tests.support.upgrade_check", url, "0008_trainings"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["notifications"] == [{"id": 1, "kind": "report_status", "params": None}]
    # The report kept its row and its unique key, and took the new columns' defaults.
    [report] = found["reports"]
    assert {key: report[key] for key in ("idempotency_key", "status", "more_time", "accepted_at",
                                         "overdue_notice_for")} == {
        "idempotency_key": "upgrade-key-1", "status": "submitted", "more_time": None, "accepted_at": None,
        "overdue_notice_for": None}
    # The figures' milestones were taken from its history: first verify, first resolve, last reopen.
    assert [report[key][:16] for key in ("verified_at", "first_resolved_at", "reopened_at")] == [
        "2026-01-01 01:00", "2026-01-01 02:00", "2026-01-01 03:00"]
