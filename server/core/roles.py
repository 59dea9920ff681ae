"""The roles, and every set of roles a rule is about, declared once.

A rule elsewhere says *what* it is about (``TRIAGERS``, ``PHONE_READERS``), never lists
roles itself; to change who may do something, change it here and the tests of that rule.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"                          # district social-work department
    COMMUNITY_WORKER = "community_worker"    # community (社区) office, or a street's
    STATION_HEAD = "station_head"            # head of a delivery or rider station (站长)
    PROPERTY_STAFF = "property_staff"        # property management company (物业)
    RIDER = "rider"                          # courier or delivery rider
    RESIDENT = "resident"                    # resident, party member, merchant, partner unit


# Triage reports of their scope (verify, reject, assign, close, reopen), and set up their
# community's work group and its deliveries.
TRIAGERS = frozenset({Role.ADMIN, Role.COMMUNITY_WORKER})
# Look after places and people: places and posters, wish review, rewards, trainings,
# the accounts list of their scope.
MANAGERS = frozenset({Role.ADMIN, Role.COMMUNITY_WORKER, Role.STATION_HEAD})
# Write a wish: riders for themselves, managers on a rider's behalf.
WISH_WRITERS = MANAGERS | {Role.RIDER}
# Spend points on rewards.
REDEEMERS = frozenset({Role.RIDER, Role.RESIDENT})
# See full phone numbers in account lists (they must be able to call); others see 138****5678.
PHONE_READERS = frozenset({Role.ADMIN, Role.COMMUNITY_WORKER})
# See who sent a report (name, masked phone) and may open the number to call back — each
# opening is recorded. Fixers and station heads see only "骑手 · station", "居民" or "访客":
# a rider must never be exposed to the company whose compound he reported.
CONTACT_READERS = TRIAGERS
# Read the figures (dashboard, monthly report, exports) of their scope: a property company
# sees what was given to it, a station head what his riders sent.
FIGURE_READERS = frozenset({Role.ADMIN, Role.COMMUNITY_WORKER, Role.STATION_HEAD, Role.PROPERTY_STAFF})
# Accounts that log in with a phone only (no user name).
PHONE_ONLY = frozenset({Role.RIDER, Role.RESIDENT})
# Everyone who works for an organisation (not a rider or a resident): staff screens and choices.
STAFF = frozenset(Role) - PHONE_ONLY
