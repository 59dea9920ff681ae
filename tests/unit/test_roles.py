"""The role vocabulary is declared once (server/core/roles.py): no rule elsewhere names a
role by a bare string, and every role set a rule uses means what its name says."""

import ast
from pathlib import Path

from server.core import roles
from server.core.roles import Role

SERVER = Path(__file__).resolve().parents[2] / "server"
# Strings that happen to equal a role's value but are not roles.
NOT_ROLES = {
    ("demo.py", "admin"),              # the demo admin's user name
    ("wishes/models.py", "resident"),  # a claimer kind
    ("volunteering/models.py", "rider"),  # a task share's field (who holds the share)
    ("volunteering/tasks.py", "rider"),   # the same field, fetched with the share
}


def test_no_role_is_a_bare_string_outside_the_vocabulary():
    values = {role.value for role in Role}
    found = []
    for path in SERVER.rglob("*.py"):
        relative = path.relative_to(SERVER).as_posix()
        if relative == "core/roles.py" or relative.startswith("migrations/"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in values and (relative, node.value) not in NOT_ROLES:
                found.append(f"{relative}:{node.lineno} {node.value!r}")
    assert found == []


def test_the_role_sets():
    assert roles.CONTACT_READERS == {Role.ADMIN, Role.COMMUNITY_WORKER}
    assert roles.TRIAGERS == {Role.ADMIN, Role.COMMUNITY_WORKER}
    assert roles.MANAGERS == {Role.ADMIN, Role.COMMUNITY_WORKER, Role.STATION_HEAD}
    assert roles.WISH_WRITERS == roles.MANAGERS | {Role.RIDER}
    assert roles.REDEEMERS == {Role.RIDER, Role.RESIDENT}
    assert roles.PHONE_READERS == {Role.ADMIN, Role.COMMUNITY_WORKER}
    assert roles.PHONE_ONLY == {Role.RIDER, Role.RESIDENT}
    assert roles.FIGURE_READERS == {Role.ADMIN, Role.COMMUNITY_WORKER, Role.STATION_HEAD, Role.PROPERTY_STAFF}
