"""Reading multipart forms: text fields with a length limit, and one uploaded photo."""

from __future__ import annotations

from litestar.datastructures import UploadFile

from server.core.errors import invalid


def form_text(form, name: str, limit: int) -> str:
    """A text field ("" if absent); a file where text belongs, or too long → 422."""
    value = form.get(name, "")
    if isinstance(value, UploadFile):
        raise invalid(name, "invalid")
    if len(value) > limit:
        raise invalid(name, "too_long")
    return value


async def form_photo(form, name: str = "photo", *, required: bool = False) -> bytes | None:
    """The bytes of one uploaded file (None if absent and not required)."""
    upload = form.get(name)
    if upload in (None, "") and not required:
        return None
    if not isinstance(upload, UploadFile):
        raise invalid(name, "photo_count")
    raw = await upload.read()
    if not raw and required:
        raise invalid(name, "photo_count")
    return raw or None
