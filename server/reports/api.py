"""Reports over HTTP: submission, the queues, a report's page, triage actions, the fixer's
after-photo, and the admin's categories."""

from __future__ import annotations

from typing import Annotated, Literal

from litestar import Controller, Request, Response, Router, delete, get, patch, post
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT

from qr.codes import qr_svg
from server.core.clock import now
from server.core.context import app_context, client_ip
from server.core.errors import invalid
from server.core.media import MAX_UPLOAD_BYTES, photo_url
from server.core.pagination import Page, Paging, keyset_page
from server.core.patching import changes_of
from server.core.roles import TRIAGERS, Role
from server.core.security import Principal, current_principal, require_roles, signed_in
from server.core.uploads import PhotoForm, multipart_operation, read_form, required_photo
from server.reports import backoffice, categories, following, intake, reading, rules, workflow
from server.reports.models import Report, ReportStatus
from server.reports.schemas import (
    ActionBody,
    AssigneeOut,
    CategoryEdit,
    CategoryIn,
    CategoryOut,
    FollowAnswer,
    QueueCountsOut,
    RedactIn,
    ReporterPhone,
    ReportForm,
    ReportOut,
    ReportSettingsIn,
    ReportSettingsOut,
    TemplateIn,
    TemplateOut,
)

MAX_REPORT_BODY = intake.MAX_PHOTOS * MAX_UPLOAD_BYTES + 1_000_000


async def report_out(report: Report, principal: Principal | None, *, detail: bool = False,
                     own: bool = False) -> ReportOut:
    record = await reading.record_of(principal, report, detail=detail)
    return ReportOut.of(record, now(), shielded=rules.shielded_from(principal, report, own=own),
                        viewer_id=principal.account_id if principal else None,
                        can=rules.available_actions(principal, report))


async def with_thumbnails(page: Page[ReportOut]) -> Page[ReportOut]:
    thumbs = await reading.first_thumbnails([item.id for item in page.items])
    for item in page.items:
        item.thumb_url = photo_url(thumbs.get(item.id))
    return page


class ReportController(Controller):
    path = "/api/v1/reports"
    tags = ["reports"]

    @post("/", status_code=HTTP_201_CREATED, request_max_body_size=MAX_REPORT_BODY,
          operation_class=multipart_operation(ReportForm))
    async def submit(self, request: Request) -> Response[ReportOut]:
        """Submit a report (multipart): ``code`` of the place, ``category``, ``description``,
        ``spot``, ``idempotency_key`` (made by the phone), 1–4 ``photos``; guests may add
        ``guest_name`` and ``guest_phone``. The same key again returns the same report (200)."""
        form: ReportForm = await read_form(request, ReportForm)
        if not 8 <= len(form.idempotency_key) <= 64:
            raise invalid("idempotency_key", "invalid")
        ctx = app_context(request)
        principal = request.scope.get("user")
        record, created = await intake.submit_report(principal, intake.Submission(
            code=form.code, category=form.category, idempotency_key=form.idempotency_key, photos=form.photos,
            description=form.description, spot=form.spot, guest_name=form.guest_name, guest_phone=form.guest_phone,
        ), media_dir=ctx.settings.media_dir, client_ip=client_ip(request), counters=ctx.counters)
        body = ReportOut.of(record, now(), shielded=False,  # the sender's own answer
                            viewer_id=principal.account_id if principal else None)
        body.follow_url = ctx.settings.public_url + following.follow_path(record.report.id, ctx.settings.secret_key)
        return Response(body, status_code=HTTP_201_CREATED if created else HTTP_200_OK)

    @get("/", guards=[signed_in])
    async def queue(
        self, request: Request, paging: Paging,
        status: Annotated[list[ReportStatus] | None, QueryParameter()] = None,
        category: Annotated[str | None, QueryParameter(max_length=30)] = None,
        place_id: Annotated[int | None, QueryParameter()] = None,
        overdue: Annotated[bool, QueryParameter()] = False,
        sort: Annotated[Literal["newest", "oldest", "deadline"], QueryParameter()] = "newest",
    ) -> Page[ReportOut]:
        """What the caller handles: community workers their community's reports, property
        staff what is assigned to their company, station heads their riders' reports.
        ``sort``: newest first (default), oldest first, or by deadline, soonest first (only
        reports on the clock). Each row has its first photo's ``thumb_url``."""
        principal = current_principal(request)
        query = reading.queue_for(principal, reading.QueueFilter(status, category, place_id, overdue))
        page = await keyset_page(query, paging, lambda r: report_out(r, principal), oldest_first=sort == "oldest",
                                 by="deadline_at" if sort == "deadline" else None)
        return await with_thumbnails(page)

    @get("/counts", guards=[signed_in], cache=False)
    async def counts(self, request: Request) -> QueueCountsOut:
        """The caller's queue at a glance: new, overdue, due within two hours, open."""
        found = await reading.queue_counts(current_principal(request))
        return QueueCountsOut(new=found.new, overdue=found.overdue, due_soon=found.due_soon, open=found.open,
                              by_status=found.by_status)

    @get("/mine", guards=[signed_in])
    async def mine(self, request: Request, paging: Paging) -> Page[ReportOut]:
        """The caller's own reports, newest first."""
        principal = current_principal(request)
        return await with_thumbnails(await keyset_page(reading.reported_by(principal), paging,
                                                       lambda r: report_out(r, principal)))

    @get("/{report_id:int}", guards=[signed_in])
    async def detail(self, request: Request, report_id: FromPath[int]) -> ReportOut:
        principal = current_principal(request)
        report = await reading.get_visible_report(principal, report_id)
        return await report_out(report, principal, detail=True)

    @get("/{report_id:int}/assignees", guards=[signed_in])
    async def assignees(self, request: Request, report_id: FromPath[int]) -> list[AssigneeOut]:
        """Whom a triager may assign the report to: its community's property companies (the
        place's own first), then the departments serving it. Anyone else → 403."""
        return [AssigneeOut(id=n.id, kind=n.kind, name=n.name, name_ug=n.name_ug, name_en=n.name_en,
                            manages_the_place=own)
                for n, own in await workflow.assignees(current_principal(request), report_id)]

    @post("/{report_id:int}/actions/{action:str}", guards=[signed_in], status_code=HTTP_200_OK)
    async def act(self, request: Request, report_id: FromPath[int], action: FromPath[str],
                  data: JSONBody[ActionBody]) -> ReportOut:
        """verify, reject (note = reason), duplicate (duplicate_of), assign (company_id or
        department, deadline_hours), resolve, close, reopen, comment; the reporter answers
        fixed / not_fixed. An action the current status does not allow → 409."""
        principal = current_principal(request)
        report = await workflow.act(principal, report_id, action, data.to_input())
        return await report_out(report, principal, detail=True)

    @post("/{report_id:int}/reporter-phone", guards=[signed_in], status_code=HTTP_200_OK)
    async def reporter_phone(self, request: Request, report_id: FromPath[int]) -> ReporterPhone:
        """The reporter's full number, for a community worker who calls back; the opening is
        recorded on the report's history. Anyone else → 403."""
        return ReporterPhone(phone=await reading.reveal_phone(current_principal(request), report_id))

    @post("/{report_id:int}/photos/{photo_id:int}/redact", guards=[signed_in], status_code=HTTP_200_OK)
    async def redact(self, request: Request, report_id: FromPath[int], photo_id: FromPath[int],
                     data: JSONBody[RedactIn]) -> ReportOut:
        """Blur rectangles on a photo (community workers): the blurred photo replaces the
        served one under a new address; the original is deleted."""
        principal = current_principal(request)
        await backoffice.redact_photo(principal, report_id, photo_id, [tuple(b) for b in data.boxes],
                                   app_context(request).settings.media_dir)
        return await report_out(await Report.get(id=report_id), principal, detail=True)

    @post("/{report_id:int}/after-photo", guards=[signed_in], status_code=HTTP_201_CREATED,
          request_max_body_size=MAX_UPLOAD_BYTES + 1_000_000, operation_class=multipart_operation(PhotoForm))
    async def after_photo(self, request: Request, report_id: FromPath[int]) -> ReportOut:
        """The fixer's "after" photo (multipart field ``photo``)."""
        raw = required_photo(await read_form(request, PhotoForm))
        principal = current_principal(request)
        photo = await intake.add_after_photo(principal, report_id, raw, app_context(request).settings.media_dir)
        return await report_out(await Report.get(id=photo.report_id), principal, detail=True)


class TemplateController(Controller):
    path = "/api/v1/report-templates"
    tags = ["reports"]
    guards = [signed_in]

    @get("/")
    async def list_templates(self, request: Request,
                             category: Annotated[str | None, QueryParameter(max_length=30)] = None) -> list[TemplateOut]:
        """Short replies to pick in the triage screen: the district's and the community's,
        for ``category`` and for every category."""
        return [TemplateOut.of(t) for t in await backoffice.templates_for(current_principal(request), category)]

    @post("/", status_code=HTTP_201_CREATED)
    async def add(self, request: Request, data: JSONBody[TemplateIn]) -> TemplateOut:
        template = await backoffice.add_template(current_principal(request), data.category, data.text)
        await template.fetch_related("category")
        return TemplateOut.of(template)

    @delete("/{template_id:int}", status_code=HTTP_204_NO_CONTENT)
    async def remove(self, request: Request, template_id: FromPath[int]) -> None:
        await backoffice.remove_template(current_principal(request), template_id)


class SettingsController(Controller):
    path = "/api/v1/report-settings"
    tags = ["reports"]
    guards = [require_roles(*TRIAGERS)]

    @get("/{community_id:int}")
    async def show(self, community_id: FromPath[int]) -> ReportSettingsOut:
        return ReportSettingsOut(community_id=community_id, auto_assign=await workflow.auto_assigns(community_id))

    @patch("/{community_id:int}")
    async def edit(self, request: Request, community_id: FromPath[int], data: JSONBody[ReportSettingsIn]) -> ReportSettingsOut:
        """Switch automatic routing to the place's property company on verification on or off."""
        on = await workflow.set_auto_assign(current_principal(request), community_id, data.auto_assign)
        return ReportSettingsOut(community_id=community_id, auto_assign=on)


class CategoryController(Controller):
    path = "/api/v1/report-categories"
    tags = ["reports"]

    @get("/")
    async def categories(self, request: Request,
                         include_inactive: Annotated[bool, QueryParameter()] = False) -> list[CategoryOut]:
        """Kinds of problem, in display order; retired ones too for the admin who asks."""
        found = await categories.categories_for(request.scope.get("user"), include_inactive)
        return [CategoryOut.of(c) for c in found]

    @post("/", guards=[require_roles(Role.ADMIN)], status_code=HTTP_201_CREATED)
    async def add_category(self, data: JSONBody[CategoryIn]) -> CategoryOut:
        """The admin adds a kind of problem."""
        return CategoryOut.of(await categories.add_category(data.fields()))

    @patch("/{key:str}", guards=[require_roles(Role.ADMIN)])
    async def edit_category(self, key: FromPath[str], data: JSONBody[CategoryEdit]) -> CategoryOut:
        """The admin renames a category, changes its default deadline or fixer, or retires it
        (``is_active: false``; its old reports keep it)."""
        return CategoryOut.of(await categories.edit_category(key, changes_of(data)))


class FollowController(Controller):
    """A report followed through its private link (``/follow/{ref}`` on the web app), no
    account needed; a forged or guessed link is 404 like an unknown one."""

    path = "/api/v1/follow"
    tags = ["reports"]

    @get("/{ref:str}", cache_control=None)
    async def show(self, request: Request, ref: FromPath[str]) -> ReportOut:
        """Status, the community's replies, the before and after photos; ``can`` offers
        ``fixed`` / ``not_fixed`` once the report is resolved."""
        return _followed_out(request, await following.followed(ref, app_context(request).settings.secret_key))

    @post("/{ref:str}/answer", status_code=HTTP_200_OK)
    async def answer(self, request: Request, ref: FromPath[str], data: JSONBody[FollowAnswer]) -> ReportOut:
        """The sender's "fixed" or "not fixed" on a resolved report (409 otherwise, or twice)."""
        secret = app_context(request).settings.secret_key
        await following.answer(ref, secret, data.fixed, data.note)
        return _followed_out(request, await following.followed(ref, secret))

    @post("/{ref:str}/adopt", guards=[signed_in], status_code=HTTP_200_OK)
    async def adopt(self, request: Request, ref: FromPath[str]) -> ReportOut:
        """A guest report joins the signed-in account holding its link ("my reports")."""
        report = await following.adopt(current_principal(request), ref, app_context(request).settings.secret_key)
        return await report_out(report, current_principal(request), detail=True, own=True)

    @get("/{ref:str}/qr.svg", cache_control=None)
    async def qr(self, request: Request, ref: FromPath[str]) -> Response[bytes]:
        """The link as a QR code, to keep as a picture on the phone."""
        settings = app_context(request).settings
        report = await following.report_of_ref(ref, settings.secret_key)
        url = settings.public_url + following.follow_path(report.id, settings.secret_key)
        return Response(qr_svg(url, title=f"#{report.id}").encode("utf-8"), media_type="image/svg+xml")


def _followed_out(request: Request, record) -> ReportOut:
    settings = app_context(request).settings
    body = ReportOut.of(record, now(), shielded=True, can=["fixed", "not_fixed"]
                        if record.report.status == ReportStatus.RESOLVED else [])
    body.follow_url = settings.public_url + following.follow_path(record.report.id, settings.secret_key)
    return body


router = Router(path="/", route_handlers=[ReportController, CategoryController, SettingsController,
                                          TemplateController, FollowController])
