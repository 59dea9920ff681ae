"""Multipart forms (reports, wishes, pictures, after-photos, claim fulfilment), typed.

Each form is a msgspec ``Struct``: text fields are ``Annotated[str, Meta(max_length=…)]``,
one file is ``bytes | None``, several are ``list[bytes]``. The same struct

* documents the body in the OpenAPI document (``multipart_operation``), limits included;
* reads the body (``read_form``): a file where text belongs → 422 ``invalid``, text past its
  limit → 422 ``too_long``, text where a file belongs → 422 ``photo_count``.

Parsing stays ours (not Litestar's) so that these codes stay what the app and the tests
know, and a form without files, which browsers and tools send URL-encoded, is read too.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import msgspec
from litestar import Request
from litestar.datastructures import UploadFile
from litestar.openapi.spec import OpenAPIMediaType, Operation, RequestBody

from server.core.errors import invalid

FILE_SCHEMA = {"type": "string", "format": "binary"}


@dataclass(frozen=True)
class _Field:
    name: str
    kind: str                # "text", "file" or "files"
    max_length: int | None
    default: Any


@lru_cache(maxsize=64)
def _fields(form: type[msgspec.Struct]) -> tuple[_Field, ...]:
    found = []
    for field in msgspec.inspect.type_info(form).fields:
        kind, limit = _kind(field.type)
        found.append(_Field(field.name, kind, limit, field.default if field.default is not msgspec.NODEFAULT else ""))
    return tuple(found)


def _kind(info: msgspec.inspect.Type) -> tuple[str, int | None]:
    if isinstance(info, msgspec.inspect.Metadata):  # Annotated[…, Meta(…)]
        info = info.type
    if isinstance(info, msgspec.inspect.StrType):
        return "text", info.max_length
    if isinstance(info, msgspec.inspect.ListType) and isinstance(info.item_type, msgspec.inspect.BytesType):
        return "files", None
    if isinstance(info, msgspec.inspect.UnionType) and any(isinstance(t, msgspec.inspect.BytesType) for t in info.types):
        return "file", None
    if isinstance(info, msgspec.inspect.BytesType):
        return "file", None
    raise TypeError(f"a form field is text, bytes | None or list[bytes], not {info!r}")


async def read_form(request: Request, form: type[msgspec.Struct]) -> Any:
    """The request's form as an instance of ``form`` (files as bytes)."""
    body = await request.form()
    values: dict[str, Any] = {}
    for field in _fields(form):
        if field.kind == "files":
            values[field.name] = [_not_empty(field.name, await f.read())
                                  for f in body.getall(field.name, []) if isinstance(f, UploadFile)]
        elif field.kind == "file":
            upload = body.get(field.name)
            if upload in (None, ""):
                values[field.name] = None
            elif not isinstance(upload, UploadFile):
                raise invalid(field.name, "photo_count")
            else:
                values[field.name] = _not_empty(field.name, await upload.read())
        else:
            value = body.get(field.name, field.default)
            if isinstance(value, UploadFile):
                raise invalid(field.name, "invalid")
            if field.max_length is not None and len(value) > field.max_length:
                raise invalid(field.name, "too_long")
            if "\x00" in value:  # no database stores it in text; nobody types it
                raise invalid(field.name, "nul_character")
            values[field.name] = value
    return form(**values)


def _not_empty(name: str, data: bytes) -> bytes:
    """A file part with no bytes is refused wherever a photo goes (not taken as "no photo"
    in one place and "not an image" in another): leave the part out to send none."""
    if not data:
        raise invalid(name, "photo_empty")
    return data


def form_schema(form: type[msgspec.Struct]) -> dict:
    """The JSON schema of a form as OpenAPI shows a multipart body: files as binary."""
    schema = msgspec.json.schema(form)
    body = dict(schema["$defs"][form.__name__])
    properties = dict(body.get("properties", {}))
    for field in _fields(form):
        described = {k: v for k, v in properties[field.name].items() if k in ("description", "title")}
        if field.kind == "file":
            properties[field.name] = {**FILE_SCHEMA, **described}
        elif field.kind == "files":
            properties[field.name] = {"type": "array", "items": FILE_SCHEMA, **described}
    body["properties"] = properties
    return body


def multipart_operation(form: type[msgspec.Struct]) -> type[Operation]:
    """An ``operation_class`` for a route handler: its OpenAPI entry shows ``form`` as the
    multipart request body."""
    schema = form_schema(form)

    @dataclass
    class MultipartOperation(Operation):
        def __post_init__(self) -> None:
            self.request_body = RequestBody(
                content={"multipart/form-data": OpenAPIMediaType(schema=schema)},  # type: ignore[arg-type]
                required=True, description=(form.__doc__ or "").strip() or None)

    MultipartOperation.__name__ = f"{form.__name__}Operation"
    return MultipartOperation


class PhotoForm(msgspec.Struct):
    """One photo (JPEG, PNG, WebP or HEIF, at most 15 MB), re-encoded by the server."""

    photo: bytes | None = None


def required_photo(form: PhotoForm) -> bytes:
    if not form.photo:
        raise invalid("photo", "photo_count")
    return form.photo
