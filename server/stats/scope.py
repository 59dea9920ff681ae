"""Which rows a figure counts: the scope asked for, checked against the caller's own, as a
SQL condition for each family of rows (reports, wishes, people, trainings)."""

from __future__ import annotations

from dataclasses import dataclass

from server.core.errors import invalid, not_found
from server.core.roles import FIGURE_READERS, Role
from server.core.security import Principal
from server.org.models import FIXER_KINDS, NodeKind, OrgNode, Platform
from server.stats.sql import Params

AREA_KINDS = frozenset({NodeKind.DISTRICT, NodeKind.STREET, NodeKind.COMMUNITY})
NOTHING = "1 = 0"
STATIONS_OF_PLATFORM = "SELECT path FROM org_node WHERE kind = 'delivery_station' AND platform = {platform}"


@dataclass(frozen=True)
class Scope:
    """``node`` is None for everything (an admin without a scope) or a platform's stations
    within the caller's scope (``platform`` set, ``path`` the caller's own)."""

    node: OrgNode | None
    path: str | None
    platform: Platform | None = None

    @property
    def kind(self) -> str:
        if self.platform is not None:
            return "platform"
        return self.node.kind.value if self.node else "all"

    @property
    def is_fixer(self) -> bool:
        return self.node is not None and self.node.kind in FIXER_KINDS

    def describe(self) -> dict:
        return {"kind": self.kind, "id": self.node.id if self.node else None,
                "name": self.node.name if self.node else None,
                "platform": self.platform.value if self.platform else None}

    # --- one condition per family (a fixer's scope holds reports only: the others are
    # answered as null before they are asked, see ``is_fixer``) ------------------------------

    def _prefix(self, column: str, p: Params) -> str:
        return f"{column} LIKE {p(self.path + '%')}" if self.path else "1 = 1"

    def _stations(self, p: Params) -> str:
        return STATIONS_OF_PLATFORM.format(platform=p(self.platform.value))

    def reports(self, p: Params) -> str:
        """Reports of an area (its communities), a station (what its riders sent), a fixer
        (what was given to it), or a platform (what riders of its stations sent)."""
        if self.platform is not None:
            return f"({self._prefix('r.scope_path', p)} AND r.station_path IN ({self._stations(p)}))"
        if self.node is None:
            return "1 = 1"
        if self.is_fixer:
            return f"r.assigned_company_id = {p(self.node.id)}"
        if self.node.kind == NodeKind.DELIVERY_STATION:
            return self._prefix("r.station_path", p)
        return self._prefix("r.scope_path", p)

    def wishes(self, p: Params) -> str:
        if self.is_fixer:
            return NOTHING
        if self.platform is not None:
            return f"({self._prefix('w.scope_path', p)} AND w.scope_path IN ({self._stations(p)}))"
        return self._prefix("w.scope_path", p)

    def people(self, p: Params) -> str:
        """Accounts by their scope node ``n`` (a rider's station)."""
        if self.is_fixer:
            return NOTHING
        if self.platform is not None:
            return f"({self._prefix('n.path', p)} AND n.platform = {p(self.platform.value)})"
        return self._prefix("n.path", p)

    def trainings(self, p: Params) -> str:
        if self.is_fixer:
            return NOTHING
        if self.platform is not None:
            return f"({self._prefix('t.node_path', p)} AND t.node_path IN ({self._stations(p)}))"
        return self._prefix("t.node_path", p)


async def scope_of(principal: Principal, asked: str | None) -> Scope:
    """The scope a request asks for: a node id, ``platform:<key>``, or the caller's own.
    A node outside the caller's scope is 404, as if it did not exist."""
    if principal.role not in FIGURE_READERS:
        raise not_found()
    own = await OrgNode.get_or_none(id=principal.scope_id) if principal.scope_id else None
    if not asked:
        if own is None and principal.role != Role.ADMIN:
            raise not_found()
        return Scope(own, own.path if own else None)
    if asked.startswith("platform:"):
        try:
            platform = Platform(asked.removeprefix("platform:"))
        except ValueError:
            raise invalid("scope", "invalid") from None
        # A platform's riders across an area: for those who look after an area.
        if own is not None and own.kind not in AREA_KINDS:
            raise not_found()
        return Scope(None, own.path if own else None, platform)
    if not asked.isdigit() or len(asked) > 12:
        raise invalid("scope", "invalid")
    node = await OrgNode.get_or_none(id=int(asked))
    if node is None or not principal.covers(node.path):
        raise not_found()
    return Scope(node, node.path)
