from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, Response, get, patch, post
from litestar.datastructures import UploadFile
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from server.core.clock import now
from server.core.context import app_context, client_ip
from server.core.errors import AppError, invalid
from server.core.forms import form_photo, form_text
from server.core.media import MAX_UPLOAD_BYTES
from server.core.pagination import Page, Paging, keyset_page
from server.core.patching import save_changes
from server.core.roles import STAFF, TRIAGERS, Role
from server.core.security import Principal, current_principal, require_roles, signed_in
from server.reports import service
from server.reports.models import Category, Report, ReportEvent, ReportPhoto, ReportStatus
from server.reports.schemas import ActionBody, CategoryEdit, CategoryIn, CategoryOut, ReportOut

MAX_REPORT_BODY = service.MAX_PHOTOS * MAX_UPLOAD_BYTES + 1_000_000
FIELD_LIMITS = {"code": 40, "category": 30, "idempotency_key": 64, "description": 1000, "spot": 100,
                "guest_name": 50, "guest_phone": 20}



async def report_out(report: Report, principal: Principal | None, *, detail: bool = False) -> ReportOut:
    await report.fetch_related("category", "place", "reporter")
    staff = principal is not None and principal.role in STAFF
    photos = await ReportPhoto.filter(report_id=report.id).order_by("id") if detail else []
    events = await ReportEvent.filter(report_id=report.id).select_related("actor").order_by("id") if detail else []
    duplicates = []
    if detail and principal is not None and service.can_triage(principal, report):
        duplicates = await service.suggested_duplicates(report)
    return ReportOut.of(report, now(), staff=staff, viewer_id=principal.account_id if principal else None,
                        photos=photos, events=events, duplicates=duplicates)


def _form_text(form, name: str) -> str:
    return form_text(form, name, FIELD_LIMITS[name])


class ReportController(Controller):
    path = "/api/v1/reports"
    tags = ["reports"]

    @post("/", status_code=HTTP_201_CREATED, request_max_body_size=MAX_REPORT_BODY)
    async def submit(self, request: Request) -> Response[ReportOut]:
        """Submit a report (multipart): ``code`` of the place, ``category``, ``description``,
        ``spot``, ``idempotency_key`` (made by the phone), 1–4 ``photos``; guests may add
        ``guest_name`` and ``guest_phone``. The same key again returns the same report (200)."""
        form = await request.form()
        photos = [await f.read() for f in form.getall("photos", []) if isinstance(f, UploadFile)]
        key = _form_text(form, "idempotency_key")
        if not 8 <= len(key) <= 64:
            raise invalid("idempotency_key", "invalid")
        ctx = app_context(request)
        principal = request.scope.get("user")
        report, created = await service.submit_report(principal, service.Submission(
            code=_form_text(form, "code"), category=_form_text(form, "category"),
            idempotency_key=key, photos=photos, description=_form_text(form, "description"),
            spot=_form_text(form, "spot"), guest_name=_form_text(form, "guest_name"),
            guest_phone=_form_text(form, "guest_phone"),
        ), media_dir=ctx.settings.media_dir, client_ip=client_ip(request), counters=ctx.counters)
        body = await report_out(report, principal, detail=True)
        return Response(body, status_code=HTTP_201_CREATED if created else HTTP_200_OK)

    @get("/", guards=[signed_in])
    async def queue(
        self, request: Request, paging: Paging,
        status: Annotated[list[ReportStatus] | None, QueryParameter()] = None,
        category: Annotated[str | None, QueryParameter(max_length=30)] = None,
        place_id: Annotated[int | None, QueryParameter()] = None,
        overdue: Annotated[bool, QueryParameter()] = False,
    ) -> Page[ReportOut]:
        """What the caller handles: community workers their community's reports, property
        staff what is assigned to their company, station heads their riders' reports."""
        principal = current_principal(request)
        query = Report.all()
        if principal.role in TRIAGERS:
            query = query.filter(scope_path__startswith=principal.scope_path or "/")
        elif principal.role == Role.PROPERTY_STAFF:
            query = query.filter(assigned_company_id=principal.scope_id)
        elif principal.role == Role.STATION_HEAD:
            query = query.filter(station_path__startswith=principal.scope_path, station_path__not="")
        else:
            raise AppError(403, "forbidden")
        if status:
            query = query.filter(status__in=list(status))
        if category:
            query = query.filter(category__key=category)
        if place_id is not None:
            query = query.filter(place_id=place_id)
        if overdue:
            query = query.filter(deadline_at__lt=now(), status__in=list(service.OPEN_STATUSES))
        page = await keyset_page(query, paging, lambda r: report_out(r, principal))
        return page

    @get("/mine", guards=[signed_in])
    async def mine(self, request: Request, paging: Paging) -> Page[ReportOut]:
        principal = current_principal(request)
        query = Report.filter(reporter_id=principal.account_id)
        return await keyset_page(query, paging, lambda r: report_out(r, principal))

    @get("/{report_id:int}", guards=[signed_in])
    async def detail(self, request: Request, report_id: FromPath[int]) -> ReportOut:
        principal = current_principal(request)
        report = await service.get_visible_report(principal, report_id)
        return await report_out(report, principal, detail=True)

    @post("/{report_id:int}/actions/{action:str}", guards=[signed_in], status_code=HTTP_200_OK)
    async def act(self, request: Request, report_id: FromPath[int], action: FromPath[str],
                  data: JSONBody[ActionBody]) -> ReportOut:
        """verify, reject (note = reason), duplicate (duplicate_of), assign (company_id or
        department, deadline_hours), resolve, close, reopen, comment; the reporter answers
        fixed / not_fixed. An action the current status does not allow → 409."""
        principal = current_principal(request)
        report = await service.act(principal, report_id, action, data.to_input())
        return await report_out(report, principal, detail=True)

    @post("/{report_id:int}/after-photo", guards=[signed_in], status_code=HTTP_201_CREATED,
          request_max_body_size=MAX_UPLOAD_BYTES + 1_000_000)
    async def after_photo(self, request: Request, report_id: FromPath[int]) -> ReportOut:
        """The fixer's "after" photo (multipart field ``photo``)."""
        raw = await form_photo(await request.form(), required=True)
        principal = current_principal(request)
        await service.add_after_photo(principal, report_id, raw, app_context(request).settings.media_dir)
        return await report_out(await Report.get(id=report_id), principal, detail=True)


@get("/api/v1/report-categories", tags=["reports"])
async def categories(request: Request, include_inactive: Annotated[bool, QueryParameter()] = False) -> list[CategoryOut]:
    """Kinds of problem, in display order; retired ones too for the admin who asks."""
    query = Category.all()
    user = request.scope.get("user")
    if not (include_inactive and user is not None and user.role == Role.ADMIN):
        query = query.filter(is_active=True)
    return [CategoryOut.of(c) for c in await query.order_by("sort_order", "id")]


@post("/api/v1/report-categories", tags=["reports"], guards=[require_roles(Role.ADMIN)], status_code=HTTP_201_CREATED)
async def add_category(data: JSONBody[CategoryIn]) -> CategoryOut:
    """The admin adds a kind of problem."""
    if await Category.filter(key=data.key).exists():
        raise AppError(409, "conflict", errors=[])
    return CategoryOut.of(await Category.create(**data.fields()))


@patch("/api/v1/report-categories/{key:str}", tags=["reports"], guards=[require_roles(Role.ADMIN)])
async def edit_category(key: FromPath[str], data: JSONBody[CategoryEdit]) -> CategoryOut:
    """The admin renames a category, changes its default deadline or fixer, or retires it
    (``is_active: false``; its old reports keep it)."""
    category = await Category.get_or_none(key=key)
    if category is None:
        raise NotFoundException()
    return CategoryOut.of(await save_changes(category, data))
