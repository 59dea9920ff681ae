"""Small tasks and volunteer help over HTTP: tasks and their shares, beneficiaries, help
requests, "free now" and peak windows, volunteer hours, certificates and their public check."""

from __future__ import annotations

from typing import Annotated

from litestar import Request, Response, Router, get, post, put
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.response import Stream
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED
from msgspec.structs import asdict

from qr.codes import qr_svg
from server.core import sheets
from server.core.catalog import LANGUAGES, namer, text, texts
from server.core.clock import now
from server.core.context import app_context
from server.core.errors import invalid, not_found
from server.core.media import MAX_UPLOAD_BYTES
from server.core.messages import request_language
from server.core.periods import period_of
from server.core.roles import MANAGERS, TRIAGERS, Role
from server.core.security import Principal, current_principal, require_roles, signed_in
from server.core.uploads import multipart_operation, read_form
from server.volunteering import availability, helping, hours, tasks
from server.volunteering.models import HelpRequest
from server.volunteering.schemas import (
    BeneficiaryIn,
    BeneficiaryOut,
    CertificateIn,
    CertificateOut,
    ClaimIn,
    CodeIn,
    DecisionIn,
    FreeIn,
    FreeOut,
    HelpIn,
    HelpOut,
    HoursOut,
    PeaksIn,
    ProofForm,
    ReasonIn,
    ShareOut,
    TaskIn,
    TaskOut,
    ThanksIn,
)

managers = require_roles(*MANAGERS)
triagers = require_roles(*TRIAGERS)
riders = require_roles(Role.RIDER)


# --- tasks ------------------------------------------------------------------------------------


@post("/tasks", guards=[managers], status_code=HTTP_201_CREATED)
async def post_task(request: Request, data: JSONBody[TaskIn]) -> TaskOut:
    """Post a micro-task for the riders of one's scope (quota in riders or units, points per
    completion, the proof asked: photo, number, text or scan of the place's code)."""
    task = await tasks.post_task(current_principal(request), tasks.TaskInput(**asdict(data)))
    return TaskOut.of(task)


@get("/tasks", guards=[signed_in])
async def list_tasks(
    request: Request,
    lat: Annotated[float | None, QueryParameter(ge=-90, le=90)] = None,
    lng: Annotated[float | None, QueryParameter(ge=-180, le=180)] = None,
) -> list[TaskOut]:
    """A rider: the tasks he may claim now, nearest first with ``lat``/``lng``. Staff: the
    tasks posted in their scope."""
    principal = current_principal(request)
    if principal.role == Role.RIDER:
        return [TaskOut.of(t, d) for t, d in await tasks.open_tasks(principal, lat, lng)]
    return [TaskOut.of(t) for t in await tasks.posted_tasks(principal)]


@get("/tasks/{task_id:int}", guards=[signed_in])
async def one_task(request: Request, task_id: FromPath[int]) -> TaskOut:
    return TaskOut.of(await tasks.task_in_scope(current_principal(request), task_id))


@post("/tasks/{task_id:int}/claims", guards=[riders], status_code=HTTP_201_CREATED)
async def claim_task(request: Request, task_id: FromPath[int], data: JSONBody[ClaimIn]) -> ShareOut:
    """Take a share (``units`` for tasks counted in units); 409 ``task_full``, ``task_closed``,
    ``already_claimed``, ``not_free``, ``peak_time`` (urgent deliveries)."""
    share = await tasks.claim(current_principal(request), task_id, data.units)
    return ShareOut.of(await tasks.share_of(current_principal(request), share.id))


@post("/tasks/{task_id:int}/close", guards=[managers], status_code=HTTP_200_OK)
async def close_task(request: Request, task_id: FromPath[int]) -> TaskOut:
    return TaskOut.of(await tasks.close_task(current_principal(request), task_id))


@get("/tasks/{task_id:int}/shares", guards=[managers])
async def task_shares(request: Request, task_id: FromPath[int]) -> list[ShareOut]:
    return [ShareOut.of(s) for s in await tasks.shares_of_task(current_principal(request), task_id)]


@get("/task-shares/mine", guards=[riders])
async def my_shares(request: Request) -> list[ShareOut]:
    return [ShareOut.of(s) for s in await tasks.my_shares(current_principal(request))]


@post("/task-shares/{share_id:int}/proof", guards=[riders], status_code=HTTP_200_OK,
      request_max_body_size=MAX_UPLOAD_BYTES + 1_000_000, operation_class=multipart_operation(ProofForm))
async def send_proof(request: Request, share_id: FromPath[int]) -> ShareOut:
    """The proof the task asks for (multipart: ``photo``, ``number``, ``text`` or ``code``)."""
    form = await read_form(request, ProofForm)
    number = None
    if form.number.strip():
        if not form.number.strip().isdigit():
            raise invalid("number", "invalid_number")
        number = int(form.number.strip())
    principal = current_principal(request)
    await tasks.submit(principal, share_id, tasks.ProofInput(form.text, number, form.code, form.photo),
                       app_context(request).settings.media_dir)
    return ShareOut.of(await tasks.share_of(principal, share_id))


@post("/task-shares/{share_id:int}/give-back", guards=[riders], status_code=HTTP_200_OK)
async def give_back_share(request: Request, share_id: FromPath[int]) -> ShareOut:
    await tasks.give_back(current_principal(request), share_id)
    return ShareOut.of(await tasks.share_of(current_principal(request), share_id))


@post("/task-shares/{share_id:int}/{action:str}", guards=[managers], status_code=HTTP_200_OK)
async def decide_share(request: Request, share_id: FromPath[int], action: FromPath[str],
                       data: JSONBody[DecisionIn]) -> ShareOut:
    """``confirm`` (points once, minutes as counted or ``minutes``) or ``reject`` (``reason``)."""
    principal = current_principal(request)
    await tasks.decide(principal, share_id, action, data.reason, data.minutes)
    return ShareOut.of(await tasks.share_of(principal, share_id))


# --- beneficiaries and help -----------------------------------------------------------------------


@post("/beneficiaries", guards=[triagers], status_code=HTTP_201_CREATED)
async def register_beneficiary(request: Request, data: JSONBody[BeneficiaryIn]) -> BeneficiaryOut:
    """Register someone of the community (``consent: true`` required)."""
    found = await helping.register_beneficiary(current_principal(request), helping.BeneficiaryInput(**asdict(data)))
    return BeneficiaryOut.of(found)


@post("/beneficiaries/ask", guards=[require_roles(Role.RESIDENT)], status_code=HTTP_201_CREATED)
async def ask_for_help(request: Request, data: JSONBody[BeneficiaryIn]) -> BeneficiaryOut:
    """A resident asks to be helped; a worker of his community approves."""
    found = await helping.ask_for_myself(current_principal(request), helping.BeneficiaryInput(**asdict(data)))
    return BeneficiaryOut.of(found)


@get("/beneficiaries", guards=[triagers])
async def list_beneficiaries(request: Request) -> list[BeneficiaryOut]:
    return [BeneficiaryOut.of(b) for b in await helping.beneficiaries(current_principal(request))]


@post("/beneficiaries/{beneficiary_id:int}/{action:str}", guards=[triagers], status_code=HTTP_200_OK)
async def decide_beneficiary(request: Request, beneficiary_id: FromPath[int], action: FromPath[str]) -> BeneficiaryOut:
    if action not in ("approve", "reject"):
        raise not_found()
    found = await helping.decide_beneficiary(current_principal(request), beneficiary_id, action == "approve")
    return BeneficiaryOut.of(found)


def help_out(principal: Principal, found: HelpRequest) -> HelpOut:
    return HelpOut.of(found, contact=helping.sees_contact(principal, found),
                      holder=found.rider_id == principal.account_id,
                      locked=helping.is_staff_of(principal, found) and helping.is_locked(found))


@post("/help-requests", guards=[triagers], status_code=HTTP_201_CREATED)
async def create_help(request: Request, data: JSONBody[HelpIn]) -> HelpOut:
    """Ask for help for an approved beneficiary; free riders of the community are told."""
    principal = current_principal(request)
    made = await helping.create_request(principal, helping.HelpInput(**asdict(data)))
    return help_out(principal, await helping.request_for(principal, made.id))


@get("/help-requests", guards=[signed_in])
async def list_help(request: Request, status: Annotated[str | None, QueryParameter(max_length=12)] = None) -> list[HelpOut]:
    """Staff: the requests of their scope; a resident: his own; a rider: those he held."""
    principal = current_principal(request)
    return [help_out(principal, r) for r in await helping.requests_of(principal, status)]


@get("/help-requests/offered", guards=[riders])
async def offered_help(request: Request) -> list[HelpOut]:
    """Open requests near a free rider (empty while he is busy or in his station's peak)."""
    principal = current_principal(request)
    return [help_out(principal, r) for r in await helping.offered_to(principal)]


@get("/help-requests/{request_id:int}", guards=[signed_in])
async def one_help(request: Request, request_id: FromPath[int]) -> HelpOut:
    principal = current_principal(request)
    return help_out(principal, await helping.request_for(principal, request_id))


@post("/help-requests/{request_id:int}/claim", guards=[riders], status_code=HTTP_200_OK)
async def claim_help(request: Request, request_id: FromPath[int]) -> HelpOut:
    """Hold it (one rider only: 409 ``already_claimed``); the answer has the address, the
    phone and the code to show when done."""
    principal = current_principal(request)
    return help_out(principal, await helping.claim(principal, request_id))


@post("/help-requests/{request_id:int}/give-back", guards=[riders], status_code=HTTP_200_OK)
async def give_back_help(request: Request, request_id: FromPath[int], data: JSONBody[ReasonIn]) -> HelpOut:
    principal = current_principal(request)
    return help_out(principal, await helping.give_back(principal, request_id, data.reason))


@post("/help-requests/{request_id:int}/confirm", guards=[signed_in], status_code=HTTP_200_OK)
async def confirm_help(request: Request, request_id: FromPath[int], data: JSONBody[CodeIn]) -> HelpOut:
    """The beneficiary (or a worker for him) types the rider's code; 5 wrong → 409 ``code_locked``."""
    principal = current_principal(request)
    return help_out(principal, await helping.confirm(principal, request_id, data.code, minutes=data.minutes))


@post("/help-requests/{request_id:int}/confirm-by-phone", guards=[triagers], status_code=HTTP_200_OK)
async def confirm_help_by_phone(request: Request, request_id: FromPath[int], data: JSONBody[CodeIn]) -> HelpOut:
    principal = current_principal(request)
    return help_out(principal, await helping.confirm(principal, request_id, None, by_phone=True,
                                                     minutes=data.minutes))


@post("/help-requests/{request_id:int}/thanks", guards=[signed_in], status_code=HTTP_200_OK)
async def thank_help(request: Request, request_id: FromPath[int], data: JSONBody[ThanksIn]) -> HelpOut:
    principal = current_principal(request)
    return help_out(principal, await helping.thank(principal, request_id, data.thanks))


# --- free now, peaks, hours ----------------------------------------------------------------------


async def free_out(principal: Principal) -> FreeOut:
    at = now()
    state = await availability.free_state(principal.account_id, principal.scope_id, at)
    return FreeOut(free_until=state.until if state.until and state.until > at else None, peak_ok=state.peak_ok,
                   in_peak=state.in_peak, offered=state.offered(at))


@get("/me/availability", guards=[riders])
async def my_availability(request: Request) -> FreeOut:
    return await free_out(current_principal(request))


@put("/me/availability", guards=[riders])
async def set_availability(request: Request, data: JSONBody[FreeIn]) -> FreeOut:
    """"Free for 15, 30 or 60 minutes" (0: busy); ``peak_ok`` to be offered help in peak hours."""
    principal = current_principal(request)
    await availability.set_free(principal, data.minutes, data.peak_ok)
    return await free_out(principal)


@get("/stations/{station_id:int}/peaks", guards=[signed_in])
async def station_peaks(station_id: FromPath[int]) -> PeaksIn:
    return PeaksIn(windows=await availability.peaks_of(station_id))


@put("/stations/{station_id:int}/peaks", guards=[managers])
async def set_station_peaks(request: Request, station_id: FromPath[int], data: JSONBody[PeaksIn]) -> PeaksIn:
    """The station's peak windows, Beijing time (``[["11:00", "13:30"], …]``)."""
    return PeaksIn(windows=await availability.set_peaks(current_principal(request), station_id, data.windows))


@get("/volunteer/me", guards=[riders])
async def my_hours(request: Request) -> HoursOut:
    found = await hours.hours_of(current_principal(request).account_id)
    return HoursOut(minutes=found.minutes, hours=round(found.minutes / 60, 1), tasks=found.tasks, helps=found.helps)


def certificate_out(request: Request, found: hours.Verified, code: str) -> CertificateOut:
    url = f"{app_context(request).settings.public_url}/verify/{code}"
    hours_done = round(found.minutes / 60, 1)
    words = {"name": found.name, "first": found.first_day.isoformat(), "last": found.last_day.isoformat(),
             "hours": f"{hours_done:g}"}
    return CertificateOut(code=code, url=url, name=found.name, minutes=found.minutes, hours=hours_done,
                          first_day=found.first_day, last_day=found.last_day, issued_on=found.issued_on,
                          heading=texts("certificate.heading"),
                          body={lang: text("certificate.body", lang, **words) for lang in LANGUAGES})


@post("/volunteer/certificates", guards=[riders], status_code=HTTP_201_CREATED)
async def new_certificate(request: Request, data: JSONBody[CertificateIn]) -> CertificateOut:
    """A certificate of one's hours over a period; its QR opens the public check."""
    made = await hours.issue_certificate(current_principal(request), period_of(data.first_day.isoformat(),
                                                                               data.last_day.isoformat()))
    return certificate_out(request, await hours.verify(made.code), made.code)


@get("/volunteer/certificates/{code:str}", cache_control=None)
async def check_certificate(request: Request, code: FromPath[str]) -> CertificateOut:
    """Anyone: what a certificate says (surname + 师傅, hours, period)."""
    return certificate_out(request, await hours.verify(code), code.upper())


@get("/volunteer/certificates/{code:str}/qr.svg", cache_control=None)
async def certificate_qr(request: Request, code: FromPath[str]) -> Response[bytes]:
    found = await hours.verify(code)
    url = certificate_out(request, found, code.upper()).url
    return Response(qr_svg(url, title=url).encode("utf-8"), media_type="image/svg+xml")


@get("/volunteer/records/{fmt:str}", guards=[managers])
async def service_records(
    request: Request, fmt: FromPath[str],
    from_: Annotated[str | None, QueryParameter(name="from", max_length=10)] = None,
    to: Annotated[str | None, QueryParameter(max_length=10)] = None,
) -> Stream:
    """Completed help of the riders in scope, as volunteer platforms import it (XLSX or CSV)."""
    if fmt not in sheets.FORMATS:
        raise not_found()
    period = period_of(from_, to)
    language = request_language(request)
    batches = hours.service_records(current_principal(request), period,
                                    namer(app_context(request).settings.pwa_dir, language))
    header = [text(f"export.records.{column}", language) for column in hours.RECORD_COLUMNS]
    body = await sheets.sheet_body(fmt, text("export.records", language), header, batches)
    name = f"yizhan-volunteer-{period.first.isoformat()}-{period.last.isoformat()}.{fmt}"
    return Stream(body, media_type=sheets.FORMATS[fmt], headers=sheets.attachment(name))


router = Router(path="/api/v1", tags=["volunteering"], route_handlers=[
    post_task, list_tasks, one_task, claim_task, close_task, task_shares, my_shares, send_proof, give_back_share,
    decide_share, register_beneficiary, ask_for_help, list_beneficiaries, decide_beneficiary, create_help, list_help,
    offered_help, one_help, claim_help, give_back_help, confirm_help, confirm_help_by_phone, thank_help,
    my_availability, set_availability, station_peaks, set_station_peaks, my_hours, new_certificate,
    check_certificate, certificate_qr, service_records])
