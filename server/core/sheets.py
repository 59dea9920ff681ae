"""Tables for spreadsheet programs, of any length: CSV (UTF-8 with a BOM, so that Excel
reads the Chinese) streamed as rows arrive, or XLSX written row by row to a temporary file in
constant memory (XlsxWriter) and streamed from there.

Text that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@`` …) stays text: in
CSV it gets a leading apostrophe, in XLSX it is written as a string cell.
"""

from __future__ import annotations

import asyncio
import csv
import io
import os
import tempfile
from collections.abc import AsyncIterator, Sequence
from datetime import date, datetime

import xlsxwriter

CSV_TYPE = "text/csv"  # Litestar adds "; charset=utf-8" to text types
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = {"csv": CSV_TYPE, "xlsx": XLSX_TYPE}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
READ_SIZE = 64 * 1024

Rows = AsyncIterator[Sequence[Sequence[object]]]  # batches of rows


def safe_text(value: str) -> str:
    """A CSV cell that no spreadsheet runs as a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def unquoted(value: str) -> str:
    """``safe_text`` undone, for a file we exported coming back (the places CSV)."""
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_STARTS) else value


async def csv_chunks(header: Sequence[str], batches: Rows) -> AsyncIterator[bytes]:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    yield ("\ufeff" + out.getvalue()).encode("utf-8")
    async for batch in batches:
        out.seek(0)
        out.truncate()
        writer.writerows([[safe_text(c) if isinstance(c, str) else _plain(c) for c in row] for row in batch])
        yield out.getvalue().encode("utf-8")


def _plain(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return int(value)
    return value


class _Workbook:
    """One sheet written row by row; numbers stay numbers, everything else is a string."""

    def __init__(self, path: str, sheet: str, header: Sequence[str]) -> None:
        self.book = xlsxwriter.Workbook(path, {"constant_memory": True, "strings_to_formulas": False,
                                               "strings_to_urls": False, "strings_to_numbers": False})
        self.sheet = self.book.add_worksheet(sheet[:31])
        bold = self.book.add_format({"bold": True})
        for col, name in enumerate(header):
            self.sheet.write_string(0, col, name, bold)
            self.sheet.set_column(col, col, max(8, min(40, len(name) * 2 + 2)))
        self.sheet.freeze_panes(1, 0)
        self.row = 1

    def add(self, batch: Sequence[Sequence[object]]) -> None:
        for values in batch:
            for col, value in enumerate(values):
                if value is None or value == "":
                    continue
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    self.sheet.write_number(self.row, col, value)
                else:
                    self.sheet.write_string(self.row, col, _text(value))
            self.row += 1

    def close(self) -> None:
        self.book.close()


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (datetime, date)):
        return value.isoformat(" ") if isinstance(value, datetime) else value.isoformat()
    return str(value)


async def xlsx_file(sheet: str, header: Sequence[str], batches: Rows) -> str:
    """Write the workbook to a temporary file (off the event loop) and return its path;
    the caller streams it with ``file_chunks``, which removes it."""
    handle, path = tempfile.mkstemp(prefix="yizhan-", suffix=".xlsx")
    os.close(handle)
    try:
        book = await asyncio.to_thread(_Workbook, path, sheet, header)
        async for batch in batches:
            await asyncio.to_thread(book.add, batch)
        await asyncio.to_thread(book.close)
    except BaseException:
        os.unlink(path)
        raise
    return path


async def sheet_body(fmt: str, title: str, header: Sequence[str], batches: Rows) -> AsyncIterator[bytes]:
    """The bytes of a ``csv`` or ``xlsx`` table, ready to stream (``FORMATS[fmt]`` is its type)."""
    if fmt == "csv":
        return csv_chunks(header, batches)
    return file_chunks(await xlsx_file(title, header, batches))


def attachment(name: str) -> dict[str, str]:
    """Headers that make a browser save the answer as ``name`` (never from a cache)."""
    return {"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"}


async def file_chunks(path: str) -> AsyncIterator[bytes]:
    try:
        with open(path, "rb") as stream:  # noqa: ASYNC230 - small blocking reads of a local temporary file
            while chunk := stream.read(READ_SIZE):
                yield chunk
    finally:
        os.unlink(path)
