"""What riders are short of: per community and kind of wish, how many were collected,
published, claimed and fulfilled, and how long a published wish waited for a claim."""

from __future__ import annotations

import statistics

from tortoise.expressions import Q
from tortoise.functions import Count

from server.core.rows import as_datetime, plain_rows
from server.core.security import Principal, scope_filter
from server.org.models import OrgNode
from server.wishes.models import Wish
from server.wishes.schemas import StatsRow


async def wish_counts(principal: Principal) -> list[StatsRow]:
    scoped = Wish.filter(scope_filter(principal, "scope_path"))
    counts = await scoped.annotate(
        collected=Count("id"),
        published=Count("id", _filter=Q(published_at__isnull=False)),
        claimed=Count("id", _filter=Q(claimed_at__isnull=False)),
        fulfilled=Count("id", _filter=Q(fulfilled_at__isnull=False)),
    ).group_by("community_id", "category").values_list(
        "community_id", "category", "collected", "published", "claimed", "fulfilled")
    waits = await _days_to_claim(scoped)
    names = dict(await OrgNode.filter(id__in={row[0] for row in counts}).values_list("id", "name"))
    rows = []
    for community_id, category, collected, published, claimed, fulfilled in counts:
        waited = waits.get((community_id, str(category)))
        rows.append(StatsRow(community_id=community_id, community_name=names.get(community_id, ""),
                             category=str(category), collected=collected, published=published, claimed=claimed,
                             fulfilled=fulfilled,
                             median_days_to_claim=round(statistics.median(waited), 1) if waited else None))
    return sorted(rows, key=lambda r: (r.community_name, -r.collected, r.category))


async def _days_to_claim(scoped) -> dict[tuple[int, str], list[float]]:
    """(community, category) → days each claimed wish waited on the wall (plain rows:
    thousands may be read)."""
    query = scoped.filter(claimed_at__isnull=False, published_at__isnull=False) \
        .only("community_id", "category", "published_at", "claimed_at")
    waits: dict[tuple[int, str], list[float]] = {}
    for row in await plain_rows(query):
        days = (as_datetime(row["claimed_at"]) - as_datetime(row["published_at"])).total_seconds() / 86400
        waits.setdefault((row["community_id"], str(row["category"])), []).append(max(days, 0.0))
    return waits
