"""One vocabulary on both sides: every role set, status and kind the screens use
(``pwa/js/vocabulary.js``) equals its server counterpart, and no other screen module keeps
a list of roles of its own."""

import re
from pathlib import Path

from server.core import roles
from server.locations.models import Amenity, PlaceKind
from server.org.models import Platform
from server.reports.models import OPEN_STATUSES, ReportStatus
from server.volunteering.models import BeneficiaryKind, HelpKind, TaskKind
from server.wishes.models import ClaimerKind, WishCategory, WishStatus

PWA = Path(__file__).parents[2] / "pwa" / "js"
SERVER_SIDE = {
    "ROLES": set(roles.Role), "TRIAGERS": roles.TRIAGERS, "MANAGERS": roles.MANAGERS,
    "FIGURE_READERS": roles.FIGURE_READERS, "REDEEMERS": roles.REDEEMERS,
    "WISH_WRITERS": roles.WISH_WRITERS, "STAFF": roles.STAFF, "PLATFORMS": set(Platform),
    "REPORT_STATUSES": set(ReportStatus), "OPEN_STATUSES": set(OPEN_STATUSES), "WISH_STATUSES": set(WishStatus),
    "WISH_CATEGORIES": set(WishCategory), "CLAIMER_KINDS": set(ClaimerKind), "PLACE_KINDS": set(PlaceKind),
    "AMENITIES": set(Amenity), "TASK_KINDS": set(TaskKind), "HELP_KINDS": set(HelpKind),
    "BENEFICIARY_KINDS": set(BeneficiaryKind),
}


def js_lists(text: str) -> dict[str, list[str]]:
    return {name: re.findall(r'"([a-z_]+)"', body)
            for name, body in re.findall(r"export const ([A-Z_]+) = \[([^\]]*)\]", text)}


def test_every_list_of_the_screens_equals_the_servers():
    lists = js_lists((PWA / "vocabulary.js").read_text(encoding="utf-8"))
    assert set(lists) == set(SERVER_SIDE)
    for name, values in lists.items():
        assert len(values) == len(set(values)), f"{name} names a value twice"
        assert set(values) == {str(v) for v in SERVER_SIDE[name]}, name


def test_no_screen_module_lists_roles_or_statuses_of_its_own():
    role_list = re.compile(r'\[\s*"(admin|community_worker|station_head|property_staff|rider|resident)"\s*,')
    for path in PWA.rglob("*.js"):
        if path.name == "vocabulary.js":
            continue
        text = path.read_text(encoding="utf-8")
        assert not role_list.search(text), f"{path.name} lists roles: use vocabulary.js"
        assert not re.search(r"export const [A-Z_]+ = \[", text) or path.name in ("i18n.js", "places-ui.js"), path.name
