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
    assert set(STACK) | {"core", "migrations", "i18n", "commands"} == set(slice_folders())
    for name in STACK:
        files = {p.name for p in (SERVER / name).glob("*.py")}
        assert "api.py" in files, name
        if name != "webapp":  # serves files, keeps no data
            assert "schemas.py" in files, name
            # its rules: service.py, or a module a capability (reports/rules.py, workflow.py …)
            assert files - {"__init__.py", "api.py", "schemas.py", "models.py"}, name
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


# --- the house's measures: small modules, short functions, no circles -------------------------

PRODUCT = [p for p in [*SERVER.rglob("*.py"), *(ROOT / "qr").rglob("*.py")] if "migrations" not in p.parts]
MAX_MODULE_LINES, MAX_FUNCTION_LINES = 400, 60


def test_no_product_module_or_function_is_too_long():
    long_modules = [(p.relative_to(ROOT), n) for p in PRODUCT
                    if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES]
    assert long_modules == []
    long_functions = []
    for path in PRODUCT:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                if node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES:
                    long_functions.append(f"{path.relative_to(ROOT)}:{node.name}")
    assert long_functions == []


def test_qr_is_a_library_that_imports_nothing_of_the_server():
    for path in (ROOT / "qr").rglob("*.py"):
        assert not any(m.split(".")[0] == "server" for m in imported_modules(path)), path


def _python_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in PRODUCT:
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        graph[module] = set()
        for imported in imported_modules(path):
            if imported.split(".")[0] in ("server", "qr"):
                graph[module].add(imported)
    names = set(graph)
    # "from server.reports import rules" names a module; "from server.reports.rules import x" its module.
    return {m: {t if t in names else t.rsplit(".", 1)[0] for t in targets} & names - {m} for m, targets in graph.items()}


def _js_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    pwa = ROOT / "pwa" / "js"
    for path in pwa.rglob("*.js"):
        text = path.read_text(encoding="utf-8")
        graph[str(path.relative_to(pwa))] = {
            str((path.parent / target).resolve().relative_to(pwa.resolve()))
            for target in re.findall(r'^import [^;]*? from "(\.[^"]+)";', text, flags=re.M)}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    seen, stack = set(), []

    def visit(node: str) -> list[str] | None:
        if node in stack:
            return stack[stack.index(node):] + [node]
        if node in seen:
            return None
        seen.add(node)
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if found := visit(target):
                return found
        stack.pop()
        return None

    for start in sorted(graph):
        if found := visit(start):
            return found
    return None


def test_no_import_circle_in_the_server_or_the_screens():
    """Static imports only: the router loads the screens lazily, which is no circle."""
    assert _cycle(_python_graph()) is None
    assert _cycle(_js_graph()) is None
