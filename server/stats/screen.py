"""What a station's TV shows (``/q/{code}/screen``, no sign-in): this month's reports sent
from the station and the share handled within 24 hours, wishes lit with the riders' thanks,
the wishes still open on the wall, the month's top riders who chose to appear, and
before/after photos of fixed reports. Only what a poster on the wall may show: no phone, no
full name, no report text."""

from __future__ import annotations

from datetime import timedelta

from server.accounts.models import Account
from server.core.clock import now, today
from server.core.media import photo_url
from server.core.names import public_name, public_short
from server.core.periods import Period, shift_months
from server.locations.models import Place
from server.org.models import OrgNode
from server.points.service import leaderboard
from server.stats import service
from server.stats.monthly import before_and_after
from server.stats.scope import Scope
from server.volunteering.models import HelpRequest
from server.wishes.models import Wish, WishStatus

LIT_SHOWN = 6
OPEN_SHOWN = 8
LEADERS_SHOWN = 5
PAIRS_SHOWN = 2


async def station_screen(place: Place) -> dict:
    """The place's station (or, for a place without one, its community) this month."""
    node = await OrgNode.get(id=place.station_id or place.community_id)
    first = today().replace(day=1)
    month = Period(first, shift_months(first, 1) - timedelta(days=1))
    scope = Scope(node, node.path)
    totals = (await service.figures(scope, month))["totals"]
    reports = totals["reports"]
    wishes = Wish.filter(scope_path__startswith=node.path)
    lit = await wishes.filter(status=WishStatus.THANKED).order_by("-thanked_at").limit(LIT_SHOWN)
    still_open = await wishes.filter(status=WishStatus.PUBLISHED).order_by("-published_at").limit(OPEN_SHOWN)
    board = await leaderboard(node.path, month.start, month.end, LEADERS_SHOWN)
    names = dict(await Account.filter(id__in=[account_id for account_id, _ in board]).values_list("id", "name"))
    pairs = (await before_and_after(scope, month, "zh", thumbnails=True))[:PAIRS_SHOWN]
    # Help at home thanked by the people helped, like lit wishes (the rider as surname + 师傅).
    helped = await HelpRequest.filter(thanked_at__isnull=False, rider__scope__path__startswith=node.path) \
        .order_by("-thanked_at").limit(LIT_SHOWN).values_list("kind", "thanks", "rider__name")
    return {
        "place": {"name": place.name, "name_ug": place.name_ug, "name_en": place.name_en},
        "node": {"kind": node.kind.value, "name": node.name},
        "month": first.strftime("%Y-%m"),
        "reports": {"sent": reports["received"], "leads": reports["leads"], "within_24h": reports["within_24h"],
                    "within_24h_share": reports["within_24h_share"]},
        "wishes_lit_this_month": (totals["wishes"] or {}).get("lit", 0),
        "lit": [dict(title=w.title, thanks=w.thanks, rider=public_name(w.rider_name), rider_short=public_short(w.rider_name),
                     thumb_url=photo_url(w.thumb))
                for w in lit],
        "open": [{"title": w.title, "category": w.category.value} for w in still_open],
        "help_thanks": [dict(kind=str(kind), thanks=thanks, rider=public_name(name), rider_short=public_short(name))
                        for kind, thanks, name in helped],
        "leaders": [{"rank": i + 1, "name": public_name(names.get(account_id, "")),
                     "name_short": public_short(names.get(account_id, "")), "points": points}
                    for i, (account_id, points) in enumerate(board)],
        "pairs": [{"before_url": p["before_url"], "after_url": p["after_url"], "category": p["category"]}
                  for p in pairs],
        "generated_at": now().isoformat(),
    }
