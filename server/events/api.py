"""Trainings and talk sessions over HTTP (their URLs stay under /api/v1/points: the app
and printed guides already use them)."""

from __future__ import annotations

from litestar import Request, Router, get, post
from litestar.params import JSONBody
from litestar.status_codes import HTTP_201_CREATED

from server.core.roles import MANAGERS
from server.core.security import current_principal, require_roles
from server.events import service
from server.events.models import Training
from server.events.schemas import Attendee, TrainingIn, TrainingOut


async def training_out(training: Training) -> TrainingOut:
    return TrainingOut(id=training.id, title=training.title, held_on=training.held_on,
                       attendees=[Attendee(*row) for row in await service.attendance(training)])


@post("/", status_code=HTTP_201_CREATED)
async def record_training(request: Request, data: JSONBody[TrainingIn]) -> TrainingOut:
    """Record a training or talk session (``title``, ``held_on``, the riders who came); each
    earns the "training attended" points once, within the monthly cap."""
    training = await service.record_training(current_principal(request), data.title, data.held_on, data.account_ids)
    return await training_out(training)


@get("/")
async def list_trainings(request: Request) -> list[TrainingOut]:
    """The latest sessions recorded within the caller's scope."""
    return [await training_out(t) for t in await service.recent_trainings(current_principal(request))]


router = Router(path="/api/v1/points/trainings", route_handlers=[record_training, list_trainings],
                guards=[require_roles(*MANAGERS)], tags=["events"])
