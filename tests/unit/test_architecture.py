"""The architecture page names every slice, and the code keeps the rules it states: services
and models never touch HTTP, no slice imports another's api, core imports no slice, and each
slice imports only the slices below it."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).parents[2]
SERVER = ROOT / "server"
PAGE = ROOT / "docs" / "ARCHITECTURE.md"
# Bottom to top, as the page draws it; a slice may import the ones before it.
STACK = ["org", "accounts", "locations", "notifications", "points", "rewards", "events", "volunteering", "reports",
         "wishes", "stats", "home", "privacy", "webapp"]
# Slices that keep no tables of their own.
WITHOUT_TABLES = {"stats", "home", "privacy", "webapp"}
LEVEL = {name: i for i, name in enumerate(STACK)} | {"core": -1}
# accounts and locations sit side by side on the page, as do rewards/events and reports/wishes.
SIDE_BY_SIDE = [{"accounts", "locations"}, {"rewards", "events"}, {"reports", "wishes"}]


def slice_folders() -> list[str]:
    return sorted(p.name for p in SERVER.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))


def imported_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_the_page_names_every_folder_of_the_server():
    text = PAGE.read_text(encoding="utf-8")
    missing = [name for name in slice_folders() if f"`server/{name}/`" not in text]
    assert missing == [], f"docs/ARCHITECTURE.md does not name {missing}"


def test_every_slice_of_the_stack_is_a_folder_with_the_usual_files():
    assert set(STACK) | {"core", "migrations", "i18n"} == set(slice_folders())
    for name in STACK:
        files = {p.name for p in (SERVER / name).glob("*.py")}
        assert "api.py" in files, name
        if name != "webapp":  # serves files, keeps no data
            assert {"service.py", "schemas.py"} <= files, name
        if name not in WITHOUT_TABLES:
            assert "models.py" in files, name


# The modules of a slice that speak HTTP: its controllers, and the session middleware.
HTTP_MODULES = {"api.py", "accounts/sessions.py"}


def speaks_http(path: Path) -> bool:
    return path.name in HTTP_MODULES or f"{path.parent.name}/{path.name}" in HTTP_MODULES


def test_only_controllers_touch_http():
    """Every rules module of every slice (service.py and models.py, and helping.py,
    outbox.py, csv_io.py …): no litestar import, at the top or inside a function."""
    checked = []
    for name in STACK:
        for path in (SERVER / name).glob("*.py"):
            if speaks_http(path):
                continue
            checked.append(path)
            assert not any(m.split(".")[0] == "litestar" for m in imported_modules(path)), path
    assert SERVER / "volunteering" / "helping.py" in checked and len(checked) > 3 * len(STACK)


def test_no_slice_imports_another_slices_api_and_core_imports_no_slice():
    for path in SERVER.rglob("*.py"):
        owner = path.relative_to(SERVER).parts[0]
        for module in imported_modules(path):
            match = re.match(r"server\.(\w+)(?:\.(\w+))?", module)
            if not match or match.group(1) not in LEVEL:
                continue
            target, part = match.group(1), match.group(2)
            if owner == "core":
                assert target == "core", f"{path}: core imports {module}"
            if owner in LEVEL and target != owner:
                assert part != "api", f"{path} imports {module}"


def test_each_slice_imports_only_the_slices_below_it():
    for name in STACK:
        for path in (SERVER / name).glob("*.py"):
            for module in imported_modules(path):
                match = re.match(r"server\.(\w+)", module)
                if not match or match.group(1) not in LEVEL or match.group(1) == name:
                    continue
                target = match.group(1)
                beside = any({name, target} <= pair for pair in SIDE_BY_SIDE)
                assert LEVEL[target] < LEVEL[name] and not beside, f"{path}: {name} imports {module}"
