"""Who is told what: one table. Each kind of notification names the audiences it goes to;
the slice whose object changed says who those people are for that object (an account, or
a role within a scope) and calls ``tell``. The README's table is this one in words."""

from __future__ import annotations

from enum import StrEnum


class Audience(StrEnum):
    REPORTER = "reporter"                      # who sent the report (an account)
    COMMUNITY_WORKERS = "community_workers"    # of the object's community
    REPORTER_STATION_HEAD = "reporter_station_head"  # the head of the reporter's station
    ASSIGNEE = "assignee"                      # the staff of the company the report is with
    ASSIGNING_WORKER = "assigning_worker"      # the worker who assigned it last
    STREET_WORKERS = "street_workers"          # workers of the community's street (escalation)
    RIDER = "wish_rider"                       # the rider whose wish it is
    PLACE_STATION_HEAD = "place_station_head"  # the head of the station the place belongs to
    COLLECTING_STATION_HEAD = "collecting_station_head"  # where a reward is handed over
    CLAIMER = "claimer"                        # who claimed a wish (account, or private page + SMS)
    FREE_RIDERS = "free_riders"                # riders of the community free now, outside their peak
    TASK_POSTER = "task_poster"                # who posted a small task
    VOLUNTEER = "volunteer"                    # the rider of a task share
    HELP_ASKER = "help_asker"                  # the worker who posted a help request


A = Audience
WHO_IS_TOLD: dict[str, tuple[Audience, ...]] = {
    # 随手拍 reports
    "report_submitted": (A.COMMUNITY_WORKERS, A.REPORTER_STATION_HEAD),
    "report_status": (A.REPORTER,),                 # every change of status, as before
    "report_assigned": (A.ASSIGNEE,),
    "report_came_back": (A.ASSIGNING_WORKER,),      # resolved, rejected, duplicate, reopened, returned
    "report_more_time": (A.ASSIGNING_WORKER,),      # the fixer asks for more time
    "report_more_time_answer": (A.ASSIGNEE,),       # granted or refused
    "report_overdue": (A.COMMUNITY_WORKERS, A.ASSIGNEE),   # at the deadline, once per deadline
    "report_escalated": (A.STREET_WORKERS,),        # 24 h past the deadline, once per deadline
    # 微心愿 wishes
    "wish_submitted": (A.PLACE_STATION_HEAD, A.COMMUNITY_WORKERS),
    "wish_status": (A.RIDER,),                      # published, rejected, claimed, back on the wall, fulfilled
    "wish_claim_news": (A.PLACE_STATION_HEAD,),     # claimed, given up, expired, fulfilled
    "claim_expiring": (A.CLAIMER,),                 # 24 h before the claim's 7 days end
    "claim_expired": (A.CLAIMER,),
    # rewards
    "redemption_waiting": (A.COLLECTING_STATION_HEAD,),
    # small tasks and help at home
    "task_offered": (A.FREE_RIDERS,),               # an urgent delivery task (随手送)
    "task_submitted": (A.TASK_POSTER,),             # a rider sent the proof
    "task_decided": (A.VOLUNTEER,),                 # confirmed or rejected
    "help_offered": (A.FREE_RIDERS,),
    "help_claimed": (A.HELP_ASKER,),
}

# Kinds whose status changes count as "came back" to the worker who assigned the report.
CAME_BACK_STATUSES = frozenset({"resolved", "rejected", "duplicate", "reopened", "returned"})
