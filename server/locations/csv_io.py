"""Places to and from CSV files as Excel saves them.

Import reads UTF-8 (with or without BOM) or GB18030/GBK, accepts English or Chinese column
names and Chinese labels for kinds and amenities, checks every row first and then writes
all rows or none; each problem names its line and its column as the spreadsheet shows them
("D 类型"). A row whose 编码 is a place's current code updates that place, so an export
edited and imported again changes what it names; a row without one is a new place. Export
writes the same columns (Chinese headers, UTF-8 with BOM, which Excel opens correctly).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from tortoise.transactions import in_transaction

from server.core.catalog import labels
from server.core.errors import AppError, FieldError
from server.core.roles import TRIAGERS, Role
from server.core.security import Principal
from server.core.sheets import safe_text, unquoted
from server.locations.hours import WEEKDAYS, HoursError, format_day, parse_day
from server.locations.models import Amenity, Place, PlaceCode, PlaceKind
from server.locations.service import PlaceInput, check_place_input, create_place, current_codes, update_place
from server.org.models import NodeKind, OrgNode

MAX_ROWS = 5000
# (key, Chinese header) in file order; "code" names the place a row updates (empty: a new one).
COLUMNS = [
    ("name", "名称"), ("name_ug", "维吾尔文名称"), ("name_en", "英文名称"), ("kind", "类型"),
    ("community", "社区"), ("station", "配送站"), ("address", "地址"), ("latitude", "纬度"),
    ("longitude", "经度"), ("phone", "联系电话"), ("amenities", "设施"), ("property_company", "物业公司"),
    *[(day, header) for day, header in zip(WEEKDAYS, ("周一", "周二", "周三", "周四", "周五", "周六", "周日"), strict=True)],
    ("code", "编码"),
]
HEADER_TO_KEY = {alias: key for key, zh in COLUMNS for alias in (key, zh)}
REQUIRED = ("name", "kind")
LIST_SEPARATORS = (";", ";", "、", ",", ",", "|")


def decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise AppError(422, "bad_encoding")


def _split(value: str) -> list[str]:
    for separator in LIST_SEPARATORS[1:]:
        value = value.replace(separator, LIST_SEPARATORS[0])
    return [part.strip() for part in value.split(LIST_SEPARATORS[0]) if part.strip()]


def _lookup(label_map: dict[str, dict[str, str]], valid: set[str]) -> dict[str, str]:
    """Accept a key ("rider_station") or its label in any language ("骑手驿站")."""
    table = {key: key for key in valid}
    for key, by_lang in label_map.items():
        for text in by_lang.values():
            table[text.strip().lower()] = key
    return table


async def _communities_in_scope(actor: Principal | None) -> dict[str, list[OrgNode]]:
    """Community names (and "street/community") → nodes the importer may use."""
    query = OrgNode.filter(kind=NodeKind.COMMUNITY, is_active=True)
    if actor is not None and actor.scope_path is not None:
        query = query.filter(path__startswith=actor.scope_path)
    nodes = await query
    streets = {s.id: s for s in await OrgNode.filter(id__in=[n.parent_id for n in nodes])}
    by_name: dict[str, list[OrgNode]] = {}
    for node in nodes:
        by_name.setdefault(node.name, []).append(node)
        street = streets.get(node.parent_id)
        if street:
            by_name.setdefault(f"{street.name}/{node.name}", []).append(node)
    return by_name


# A workbook rather than a CSV: ZIP (.xlsx) and OLE (.xls) files begin so.
WORKBOOK_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: the column as a spreadsheet labels it."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass
class Row:
    line: int
    data: PlaceInput
    place_id: int | None = None  # the place it updates; None: a new place


async def parse_rows(raw: bytes, actor: Principal | None, pwa_dir: Path) -> list[Row]:
    """Every row checked; all problems raised together (422 ``csv_invalid``, with lines
    and columns)."""
    if raw.startswith(WORKBOOK_MAGIC):
        raise AppError(422, "csv_is_workbook")
    reader = csv.reader(io.StringIO(decode(raw), newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise AppError(422, "csv_empty") from None
    except csv.Error:
        raise AppError(422, "csv_columns") from None
    keys = [HEADER_TO_KEY.get(h.strip().lstrip("\ufeff")) for h in header]
    columns = {key: f"{column_letter(i)} {header[i].strip().lstrip(chr(0xFEFF))}" for i, key in enumerate(keys) if key}
    station_head = actor is not None and actor.role == Role.STATION_HEAD
    missing = [k for k in REQUIRED + (() if station_head else ("community",)) if k not in keys]
    if missing:
        raise AppError(422, "csv_columns", errors=[FieldError(k, "csv_columns", line=1) for k in missing])
    known = await _known(actor, pwa_dir, station_head, with_codes="code" in keys)
    errors: list[FieldError] = []
    rows: list[Row] = []
    try:
        for values in reader:
            if not any(v.strip() for v in values):
                continue
            if len(rows) >= MAX_ROWS:
                raise AppError(422, "csv_too_many_rows")
            cell = {key: unquoted(values[i].strip()) for i, key in enumerate(keys) if key and i < len(values)}
            found = _row(cell, reader.line_num, known)
            if isinstance(found, Row):
                rows.append(found)
            else:
                errors.extend(found)
    except csv.Error:
        raise AppError(422, "csv_columns") from None
    if errors:
        raise AppError(422, "csv_invalid", errors=[
            FieldError(e.field, e.code, e.message, e.line, columns.get(e.field)) for e in errors])
    if not rows:
        raise AppError(422, "csv_empty")
    return rows


@dataclass
class _Known:
    """What rows are checked against: the names the catalog knows, the caller's
    communities, stations, companies, places by name and by code, and what the file has
    named so far (a place twice is refused)."""

    station_head: bool
    own_community: str | None
    kinds: dict
    amenities: dict
    communities: dict
    stations: dict
    companies: dict
    existing: dict
    by_code: dict
    updated: set = field(default_factory=set)
    seen: set = field(default_factory=set)


async def _known(actor: Principal | None, pwa_dir: Path, station_head: bool, *, with_codes: bool) -> _Known:
    # A station head's rows go to his station; a community column may only name its own.
    own_community = (await OrgNode.get(id=(await OrgNode.get(id=actor.scope_id)).parent_id)).name if station_head else None
    return _Known(
        station_head=station_head, own_community=own_community,
        kinds=_lookup(labels(pwa_dir, "place.kind"), {k.value for k in PlaceKind}),
        amenities=_lookup(labels(pwa_dir, "amenity"), {a.value for a in Amenity}),
        communities=await _communities_in_scope(actor),
        stations={(s.parent_id, s.name): s for s in await OrgNode.filter(kind=NodeKind.DELIVERY_STATION)},
        companies={(c.parent_id, c.name): c for c in await OrgNode.filter(kind=NodeKind.PROPERTY_COMPANY)},
        existing={(c, n): i for i, c, n in await Place.all().values_list("id", "community_id", "name")},
        by_code=await _places_by_code(actor) if with_codes else {},
    )


def _row(cell: dict, line: int, known: _Known) -> Row | list[FieldError]:
    """One line of the file: the place it makes or updates, or its problems."""
    if known.station_head:
        if cell.get("community") not in (None, "", known.own_community):
            return [FieldError("community", "outside_scope", line=line)]
        cell.pop("community", None)
        cell.pop("station", None)
        if cell.get("property_company"):  # who fixes what is the community's choice
            return [FieldError("property_company", "outside_scope", line=line)]
    row_errors = _check_row(cell, line, known.kinds, known.amenities, known.communities, known.stations,
                            known.station_head)
    if not row_errors and cell.get("property_company") and \
            (known.communities[cell["community"]][0].id, cell["property_company"]) not in known.companies:
        row_errors = [FieldError("property_company", "unknown_node", line=line)]
    if row_errors:
        return row_errors
    data = _to_input(cell, known.kinds, known.amenities, known.communities, known.stations, known.companies)
    try:
        check_place_input(data)
    except AppError as exc:
        return [FieldError(e.field, e.code, e.message, line) for e in exc.errors]
    updates = None
    if cell.get("code"):
        place = known.by_code.get(cell["code"].strip().upper())
        if place is None:
            return [FieldError("code", "unknown_code", line=line)]
        if data.community_id is not None and data.community_id != place.community_id:
            return [FieldError("community", "place_moves", line=line)]
        if place.id in known.updated:  # two rows for one place: which one is meant?
            return [FieldError("code", "duplicate_in_file", line=line)]
        known.updated.add(place.id)
        updates, data.community_id = place.id, place.community_id
    if data.community_id is not None:
        key = (data.community_id, data.name)
        if key in known.seen:
            return [FieldError("name", "duplicate_in_file", line=line)]
        if known.existing.get(key, updates) != updates:
            return [FieldError("name", "place_name_taken", line=line)]
        known.seen.add(key)
    return Row(line, data, updates)


def _check_row(cell, line, kinds, amenities, communities, stations, station_head) -> list[FieldError]:
    errors = []
    if not cell.get("name"):
        errors.append(FieldError("name", "required", line=line))
    if cell.get("kind", "").lower() not in kinds:
        errors.append(FieldError("kind", "unknown_kind", line=line))
    if not station_head:
        found = communities.get(cell.get("community", ""), [])
        if not found:
            errors.append(FieldError("community", "unknown_node", line=line))
        elif len(found) > 1:
            errors.append(FieldError("community", "ambiguous_community", line=line))
        elif cell.get("station") and (found[0].id, cell["station"]) not in stations:
            errors.append(FieldError("station", "station_unknown", line=line))
    for name in ("latitude", "longitude"):
        if cell.get(name):
            try:
                float(cell[name])
            except ValueError:
                errors.append(FieldError(name, "invalid_number", line=line))
    for label in _split(cell.get("amenities", "")):
        if label.lower() not in amenities:
            errors.append(FieldError("amenities", "unknown_amenity", f"{label}", line=line))
    for day in WEEKDAYS:
        try:
            parse_day(cell.get(day, ""))
        except HoursError:
            errors.append(FieldError(day, "invalid_hours", line=line))
    return errors


def _to_input(cell, kinds, amenities, communities, stations, companies) -> PlaceInput:
    community = communities[cell["community"]][0] if cell.get("community") else None
    station = stations.get((community.id, cell["station"])) if community and cell.get("station") else None
    company = companies.get((community.id, cell["property_company"])) if community and cell.get("property_company") \
        else None
    days = [parse_day(cell.get(day, "")) for day in WEEKDAYS]
    has_hours = any(cell.get(day) for day in WEEKDAYS)
    return PlaceInput(
        kind=PlaceKind(kinds[cell["kind"].lower()]), name=cell["name"],
        community_id=community.id if community else None, station_id=station.id if station else None,
        name_ug=cell.get("name_ug") or None, name_en=cell.get("name_en") or None,
        address=cell.get("address", ""),
        latitude=float(cell["latitude"]) if cell.get("latitude") else None,
        longitude=float(cell["longitude"]) if cell.get("longitude") else None,
        phone=cell.get("phone", ""),
        amenities=[amenities[label.lower()] for label in _split(cell.get("amenities", ""))],
        hours=days if has_hours else None,
        property_company_id=company.id if company else None,
    )


async def _places_by_code(actor: Principal | None) -> dict[str, Place]:
    """Current codes of the places the importer manages → the place."""
    query = PlaceCode.filter(retired_at=None).select_related("place")
    if actor is not None and actor.scope_path is not None:
        query = query.filter(place__scope_path__startswith=actor.scope_path)
    return {entry.code: entry.place for entry in await query}


def _changes(data: PlaceInput, actor: Principal | None) -> dict:
    """What a row sets on the place it updates (its community stays; who fixes it is the
    community's choice, left alone for a station head)."""
    changes = {key: getattr(data, key) for key in ("kind", "name", "name_ug", "name_en", "address", "latitude",
                                                   "longitude", "phone", "amenities", "hours")}
    if actor is None or actor.role in TRIAGERS:
        changes["property_company_id"] = data.property_company_id
    return changes


@dataclass
class Imported:
    created: list[Place]
    updated: list[Place]


async def import_places(actor: Principal | None, raw: bytes, pwa_dir: Path) -> Imported:
    rows = await parse_rows(raw, actor, pwa_dir)
    done = Imported([], [])
    async with in_transaction():
        for row in rows:
            try:
                if row.place_id is None:
                    done.created.append((await create_place(actor, row.data))[0])
                else:
                    done.updated.append(await update_place(actor, row.place_id, _changes(row.data, actor)))
            except AppError as exc:  # a scope or race problem found only now: still all or nothing
                raise AppError(422, "csv_invalid", errors=[FieldError(e.field, e.code, e.message, row.line)
                                                           for e in exc.errors] or [FieldError("name", exc.code, line=row.line)]) from None
    return done


async def export_places(places: list[Place], pwa_dir: Path) -> bytes:
    kinds = labels(pwa_dir, "place.kind")
    amenity_labels = labels(pwa_dir, "amenity")
    codes = await current_codes([p.id for p in places])
    node_ids = {p.community_id for p in places} | {p.station_id for p in places if p.station_id} \
        | {p.property_company_id for p in places if p.property_company_id}
    nodes = {n.id: n for n in await OrgNode.filter(id__in=node_ids)}
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([zh for _, zh in COLUMNS])
    for place in places:
        hours = place.hours or [None] * 7
        writer.writerow(safe_text(cell) if isinstance(cell, str) else cell for cell in [
            place.name, place.name_ug or "", place.name_en or "", kinds.get(place.kind, {}).get("zh", place.kind),
            nodes[place.community_id].name, nodes[place.station_id].name if place.station_id else "",
            place.address, "" if place.latitude is None else place.latitude,
            "" if place.longitude is None else place.longitude, place.phone,
            ";".join(amenity_labels.get(a, {}).get("zh", a) for a in place.amenities or []),
            nodes[place.property_company_id].name if place.property_company_id else "",
            *[format_day(day) if place.hours else "" for day in hours],
            codes.get(place.id, ""),
        ])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
