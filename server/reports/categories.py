"""Kinds of problem: the defaults the pilot started with, the admin's additions and edits,
the list in display order."""

from __future__ import annotations

from tortoise.exceptions import IntegrityError

from server.core.catalog import with_prefix
from server.core.errors import conflict, invalid
from server.core.patching import edit_row
from server.core.roles import Role
from server.core.security import Principal
from server.org.models import NodeKind, OrgNode
from server.reports.models import (
    Category,
    Responsible,
)

# (key, default deadline in hours, who fixes it) the pilot started with; their names are
# the server catalog's ``category.<key>``.
DEFAULT_CATEGORIES = [
    ("sanitation", 24, Responsible.PROPERTY_COMPANY),
    ("street_light", 48, Responsible.DEPARTMENT),
    ("safety_hazard", 24, Responsible.PROPERTY_COMPANY),
    ("broken_facility", 72, Responsible.PROPERTY_COMPANY),
    ("fire_risk", 12, Responsible.PROPERTY_COMPANY),
    ("traffic", 48, Responsible.DEPARTMENT),
    ("other", 72, Responsible.COMMUNITY),
]


async def ensure_default_categories() -> None:
    """The categories the pilot started with; the admin may edit them afterwards."""
    existing = set(await Category.all().values_list("key", flat=True))
    names = with_prefix("category")
    for order, (key, hours, responsible) in enumerate(DEFAULT_CATEGORIES):
        if key in existing:
            continue
        try:
            await Category.create(key=key, name=names[key]["zh"], name_ug=names[key]["ug"], name_en=names[key]["en"],
                                  default_deadline_hours=hours, default_responsible=responsible, sort_order=order)
        except IntegrityError:
            pass  # another worker created it at the same moment


async def categories_for(principal: Principal | None, include_inactive: bool) -> list[Category]:
    """Kinds of problem in display order; retired ones too only for an admin who asks."""
    query = Category.all()
    if not (include_inactive and principal is not None and principal.role == Role.ADMIN):
        query = query.filter(is_active=True)
    return await query.order_by("sort_order", "id")


async def _check_department(department_id: int | None) -> None:
    if department_id is not None and not await OrgNode.filter(id=department_id, kind=NodeKind.DEPARTMENT).exists():
        raise invalid("default_department_id", "unknown_node")


async def add_category(fields: dict) -> Category:
    if await Category.filter(key=fields["key"]).exists():
        raise conflict()
    await _check_department(fields.get("default_department_id"))
    return await Category.create(**fields)


async def edit_category(key: str, changes: dict) -> Category:
    """Rename, change the default deadline or fixer (and department), or retire (old
    reports keep it)."""
    await _check_department(changes.get("default_department_id"))
    return await edit_row(Category, changes, key=key)
