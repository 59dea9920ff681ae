"""The documents say what the code does: every setting, every command and flag, every kind of
notification, every slice and core module is written down — and nothing written down is
gone from the code. A change to one without the other fails here."""

import argparse
import re
from pathlib import Path

from server.cli import build_parser
from server.notifications.audiences import WHO_IS_TOLD

ROOT = Path(__file__).parents[2]
OPERATIONS = (ROOT / "docs" / "OPERATIONS.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")
ARCHITECTURE = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
# Set by one command for another program, never by a person.
INTERNAL_SETTINGS = {"YIZHAN_MIGRATION_DB"}


def section(text: str, heading: str) -> str:
    start = text.index(heading)
    following = text.find("\n## ", start + len(heading))
    return text[start:following if following != -1 else None]


def settings_in_code() -> set[str]:
    found = set()
    for path in (ROOT / "server").rglob("*.py"):
        found |= set(re.findall(r"YIZHAN_[A-Z_]+[A-Z]", path.read_text(encoding="utf-8")))
    settings = (ROOT / "server" / "settings.py").read_text(encoding="utf-8")
    found |= {f"YIZHAN_{name}" for name in re.findall(r'\bget\("([A-Z_]+)"', settings)}
    return found - INTERNAL_SETTINGS


def test_every_setting_is_in_the_configuration_table_and_every_row_is_read():
    table = section(OPERATIONS, "## Configuration")
    documented = set(re.findall(r"`(YIZHAN_[A-Z_]+)`", table))
    in_code = settings_in_code()
    assert in_code - documented - {"YIZHAN_NEW_PASSWORD"} == set(), "settings missing from docs/OPERATIONS.md"
    assert "YIZHAN_NEW_PASSWORD" in section(OPERATIONS, "## The `yizhan` command")  # create-user's
    assert documented - in_code == set(), "documented settings the code no longer reads"


def commands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    [sub] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(sub.choices)


def test_every_command_and_flag_is_in_the_command_table():
    table = section(OPERATIONS, "## The `yizhan` command")
    rows = {m.group(1): line for line in table.splitlines() if (m := re.match(r"\| `yizhan ([a-z-]+)", line))}
    found = commands()
    assert set(found) == set(rows), "commands and table rows differ"
    for name, parser in found.items():
        for action in parser._actions:
            flags = [s for s in action.option_strings if s.startswith("--") and s != "--help"]
            for flag in flags:
                assert flag in rows[name], f"yizhan {name} {flag} is not documented"


def test_every_notification_kind_is_in_the_who_is_told_table():
    table = section(README, "## Who is told what")
    rows = set(re.findall(r"^\| `([a-z_]+)` \|", table, flags=re.M))
    assert rows == set(WHO_IS_TOLD), (sorted(set(WHO_IS_TOLD) - rows), sorted(rows - set(WHO_IS_TOLD)))


def test_every_slice_folder_and_core_module_is_on_the_architecture_page():
    server = ROOT / "server"
    for folder in (p for p in server.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))):
        assert f"`server/{folder.name}/`" in ARCHITECTURE, folder.name
    core_row = next(line for line in ARCHITECTURE.splitlines() if line.startswith("| `server/core/`"))
    for module in (server / "core").glob("*.py"):
        if module.stem != "__init__":
            assert f"`{module.stem}`" in core_row, f"core/{module.name} is not on the architecture page"


def test_the_readme_points_to_every_document():
    for name in ("OPERATIONS.md", "API.md", "MINIPROGRAM.md", "GLOSSARY.md", "ARCHITECTURE.md"):
        assert (ROOT / "docs" / name).is_file() and f"docs/{name}" in README, name
