"""Backups: one archive holding a consistent snapshot of the database, the media folder and
the secret key, with a manifest of row counts and checksums; and restoring one into an
empty data folder / database.

The archive is a gzip'd tar: ``database/yizhan.sqlite3`` (SQLite's online backup API, so a
running server may keep writing) or ``database/yizhan.pgdump`` (``pg_dump --format=custom``
taken from the same snapshot as the row counts), then ``media/…``, ``secret_key``, and
``manifest.json`` last (it lists every other member's size and SHA-256). Restoring reads the
whole archive into a staging folder and checks it before anything is written where the
service keeps its data; afterwards it counts every table again.

The database is snapshotted before the media folder is read, so every photo the snapshot
names is in the archive unless it was deleted meanwhile (a replaced reward picture); photos
written after the snapshot are kept too and are what ``yizhan media-gc`` removes.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import io
import json
import os
import shutil
import sqlite3
import tarfile
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import IO
from urllib.parse import urlsplit, urlunsplit

from tortoise.backends.base.config_generator import expand_db_url

from server.settings import SECRET_FILE_NAME, Settings

FORMAT = "yizhan-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database/yizhan.sqlite3"
PGDUMP_MEMBER = "database/yizhan.pgdump"
MEDIA_PREFIX = "media/"
CHUNK = 1 << 20


class BackupError(Exception):
    """Why a backup or a restore did not happen, in one line for the operator."""


@dataclass
class Summary:
    engine: str
    tables: dict[str, int]
    media_files: int
    media_bytes: int
    migrations: list[str]
    vanished: list[str] = field(default_factory=list)
    secret_restored: bool = False

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


# --- the database, per engine -------------------------------------------------------------


def _sqlite_path(settings: Settings) -> Path:
    return Path(expand_db_url(settings.database_url)["credentials"]["file_path"])


def _sqlite_counts(path: Path) -> tuple[dict[str, int], list[str]]:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return _counts(conn.execute), _migrations(conn.execute)


def _counts(execute) -> dict[str, int]:
    names = [row[0] for row in execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return {name: execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}


def _migrations(execute) -> list[str]:
    try:
        return [row[0] for row in execute("SELECT name FROM tortoise_migrations ORDER BY id")]
    except sqlite3.OperationalError:
        return []


def _sqlite_snapshot(settings: Settings, into: Path) -> tuple[dict[str, int], list[str]]:
    source = _sqlite_path(settings)
    if not source.exists():
        raise BackupError(f"no database at {source}: nothing to back up")
    with contextlib.closing(sqlite3.connect(source, timeout=30)) as src, contextlib.closing(sqlite3.connect(into)) as dst:
        src.backup(dst)  # one step: a read lock for the whole copy, so it is one moment's state
    return _sqlite_counts(into)


def libpq_url(database_url: str) -> str:
    """The URL as pg_dump and psql read it: Tortoise's own query options dropped."""
    parts = urlsplit(database_url)
    return urlunsplit(("postgresql", parts.netloc, parts.path, "", ""))


async def _pg_counts(conn) -> tuple[dict[str, int], list[str]]:
    names = [row["tablename"] for row in await conn.fetch(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")]
    counts = {name: await conn.fetchval(f'SELECT count(*) FROM "{name}"') for name in names}
    migrations = []
    if "tortoise_migrations" in counts:
        migrations = [row["name"] for row in await conn.fetch("SELECT name FROM tortoise_migrations ORDER BY id")]
    return counts, migrations


async def _pg_connect(settings: Settings):
    import asyncpg

    try:
        return await asyncpg.connect(libpq_url(settings.database_url), timeout=settings.db_connect_timeout)
    except Exception as exc:
        raise BackupError(f"cannot reach the database: {exc}") from None


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} is not installed: install the PostgreSQL client tools of the server's version "
                          "(Debian: postgresql-client), or see docs/OPERATIONS.md, Backup and restore")
    return found


async def _run(*command: str) -> None:
    process = await asyncio.create_subprocess_exec(*command, stdout=asyncio.subprocess.DEVNULL,
                                                   stderr=asyncio.subprocess.PIPE)
    _, stderr = await process.communicate()
    if process.returncode != 0:
        said = stderr.decode(errors="replace").strip().splitlines()
        raise BackupError(f"{Path(command[0]).name} failed: {said[0] if said else f'exit {process.returncode}'}")


async def _pg_snapshot(settings: Settings, into: Path) -> tuple[dict[str, int], list[str]]:
    pg_dump = _tool("pg_dump")
    conn = await _pg_connect(settings)
    try:
        # pg_dump reads the snapshot this transaction exports, so the counts in the manifest
        # and the dump are the same moment's.
        async with conn.transaction(isolation="repeatable_read", readonly=True):
            snapshot = await conn.fetchval("SELECT pg_export_snapshot()")
            counts, migrations = await _pg_counts(conn)
            await _run(pg_dump, "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
                       f"--file={into}", f"--dbname={libpq_url(settings.database_url)}")
    finally:
        await conn.close()
    return counts, migrations


# --- writing ------------------------------------------------------------------------------


class _Hashing(io.RawIOBase):
    """Reads a file and hashes exactly the bytes tar copies into the archive."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw, self.sha = raw, hashlib.sha256()

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.sha.update(data)
        return data


def _add_file(archive: tarfile.TarFile, path: Path, name: str, files: dict[str, dict]) -> int:
    with path.open("rb") as raw:
        size = os.fstat(raw.fileno()).st_size
        info = tarfile.TarInfo(name)
        info.size, info.mtime, info.mode = size, int(path.stat().st_mtime), 0o600
        reader = _Hashing(raw)
        archive.addfile(info, reader)
    files[name] = {"bytes": size, "sha256": reader.sha.hexdigest()}
    return size


def _media_files(media_dir: Path) -> Iterator[tuple[Path, str]]:
    for path in sorted(media_dir.rglob("*")):
        if path.is_file() and not path.name.startswith("."):  # ".name.tmp": a write in progress
            yield path, MEDIA_PREFIX + path.relative_to(media_dir).as_posix()


async def backup(settings: Settings, target: Path) -> Summary:
    """Write the archive to ``target`` (refused if it exists); mode 0600: it holds phone
    numbers and the secret key."""
    if target.exists():
        raise BackupError(f"{target} already exists: choose a new file name")
    if not target.parent.is_dir():
        raise BackupError(f"no folder {target.parent}")
    partial = target.with_name(target.name + ".partial")
    with tempfile.TemporaryDirectory(prefix=".backup-", dir=settings.data_dir) as work:
        if settings.is_sqlite:
            engine, dump, member = "sqlite", Path(work) / "db.sqlite3", SQLITE_MEMBER
            tables, migrations = await asyncio.to_thread(_sqlite_snapshot, settings, dump)
        else:
            engine, dump, member = "postgres", Path(work) / "db.pgdump", PGDUMP_MEMBER
            tables, migrations = await _pg_snapshot(settings, dump)
        summary = Summary(engine, tables, 0, 0, migrations)
        await asyncio.to_thread(_write_archive, settings, partial, dump, member, summary)
    os.replace(partial, target)
    return summary


def _write_archive(settings: Settings, partial: Path, dump: Path, member: str, summary: Summary) -> None:
    files: dict[str, dict] = {}
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as out, tarfile.open(fileobj=out, mode="w:gz", compresslevel=6) as archive:
            _add_file(archive, dump, member, files)
            for path, name in _media_files(settings.media_dir):
                try:
                    summary.media_bytes += _add_file(archive, path, name, files)
                    summary.media_files += 1
                except FileNotFoundError:
                    summary.vanished.append(name)
            secret = settings.data_dir / SECRET_FILE_NAME
            if secret.exists():
                _add_file(archive, secret, SECRET_FILE_NAME, files)
            manifest = json.dumps({
                "format": FORMAT, "version": FORMAT_VERSION, "created_at": datetime.now(UTC).isoformat(),
                "engine": summary.engine, "migrations": summary.migrations, "tables": summary.tables, "files": files,
            }, ensure_ascii=False, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(manifest), int(time.time()), 0o600
            archive.addfile(info, io.BytesIO(manifest))
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


# --- reading and restoring ---------------------------------------------------------------


@dataclass
class Archive:
    """A checked archive unpacked in a staging folder."""

    folder: Path
    manifest: dict

    @property
    def engine(self) -> str:
        return self.manifest["engine"]

    def path(self, member: str) -> Path:
        return self.folder / member


def _safe_member(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and name == path.as_posix()


def unpack(source: Path, folder: Path) -> Archive:
    """Unpack ``source`` into ``folder`` and check it against its manifest: every member
    listed, of its size and checksum, nothing more and nothing missing."""
    if not source.is_file():
        raise BackupError(f"no backup file {source}")
    hashes: dict[str, tuple[int, str]] = {}
    manifest_bytes = None
    try:
        with tarfile.open(source, mode="r:*") as archive:
            for info in archive:
                if not info.isfile() or not _safe_member(info.name):
                    raise BackupError(f"{source}: unexpected entry {info.name!r}: not a Yizhan backup")
                reader = archive.extractfile(info)
                if info.name == MANIFEST:
                    manifest_bytes = reader.read(CHUNK * 4)
                    continue
                target = folder / info.name
                target.parent.mkdir(parents=True, exist_ok=True)
                sha, size = hashlib.sha256(), 0
                with target.open("wb") as out:
                    while chunk := reader.read(CHUNK):
                        sha.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
                hashes[info.name] = (size, sha.hexdigest())
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise BackupError(f"{source} cannot be read as a backup: {exc}") from None
    try:
        manifest = json.loads(manifest_bytes or b"")
        listed = {name: (entry["bytes"], entry["sha256"]) for name, entry in manifest["files"].items()}
    except (ValueError, KeyError, TypeError, AttributeError):
        raise BackupError(f"{source} has no readable manifest: not a Yizhan backup") from None
    if manifest.get("format") != FORMAT or manifest.get("version") != FORMAT_VERSION:
        raise BackupError(f"{source} is not a Yizhan backup of version {FORMAT_VERSION}")
    for name in sorted(listed.keys() | hashes.keys()):
        if name not in hashes:
            raise BackupError(f"{source} is incomplete: {name} is missing")
        if name not in listed:
            raise BackupError(f"{source} holds {name}, which its manifest does not list")
        if hashes[name] != listed[name]:
            raise BackupError(f"{source} is damaged: {name} does not match its checksum")
    return Archive(folder, manifest)


def _has_entries(folder: Path) -> bool:
    return folder.exists() and any(folder.iterdir())


async def _check_targets_empty(settings: Settings, archive: Archive) -> None:
    expected = "sqlite" if settings.is_sqlite else "postgres"
    if archive.engine != expected:
        raise BackupError(f"this backup is of a {archive.engine} database; YIZHAN_DATABASE_URL is {expected}")
    if _has_entries(settings.media_dir):
        raise BackupError(f"the media folder {settings.media_dir} is not empty: restore into a new data folder")
    if settings.is_sqlite:
        path = _sqlite_path(settings)
        if path.exists() and (await asyncio.to_thread(_sqlite_counts, path))[0]:
            raise BackupError(f"the database {path} already holds tables: restore into a new data folder")
    else:
        conn = await _pg_connect(settings)
        try:
            tables = await conn.fetchval("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        finally:
            await conn.close()
        if tables:
            raise BackupError("the database already holds tables: restore into a new, empty database")


def _restore_sqlite(settings: Settings, archive: Archive) -> dict[str, int]:
    path = _sqlite_path(settings)
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)  # checked empty above
    staged = path.with_name(path.name + ".restoring")
    shutil.copyfile(archive.path(SQLITE_MEMBER), staged)
    os.replace(staged, path)
    return _sqlite_counts(path)[0]


async def _restore_postgres(settings: Settings, archive: Archive) -> dict[str, int]:
    pg_restore = _tool("pg_restore")
    await _run(pg_restore, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
               f"--dbname={libpq_url(settings.database_url)}", str(archive.path(PGDUMP_MEMBER)))
    conn = await _pg_connect(settings)
    try:
        return (await _pg_counts(conn))[0]
    finally:
        await conn.close()


def _restore_media(settings: Settings, archive: Archive) -> None:
    staged = archive.folder / MEDIA_PREFIX.rstrip("/")
    if not staged.exists():
        return
    settings.media_dir.mkdir(parents=True, exist_ok=True)
    for entry in staged.iterdir():
        shutil.move(str(entry), settings.media_dir / entry.name)


def _restore_secret(settings: Settings, archive: Archive) -> bool:
    staged = archive.path(SECRET_FILE_NAME)
    if not staged.exists() or os.environ.get("YIZHAN_SECRET_KEY"):
        return False
    target = settings.data_dir / SECRET_FILE_NAME
    staged.chmod(0o600)
    shutil.move(str(staged), target)
    return True


async def restore(settings: Settings, source: Path, *, check_only: bool = False) -> Summary:
    """Check ``source``; unless ``check_only``, restore it into this data folder and
    database, which must be empty, then count every table against the manifest."""
    with tempfile.TemporaryDirectory(prefix=".restore-", dir=settings.data_dir) as work:
        archive = await asyncio.to_thread(unpack, source, Path(work))
        manifest = archive.manifest
        media = [entry for name, entry in manifest["files"].items() if name.startswith(MEDIA_PREFIX)]
        summary = Summary(archive.engine, dict(manifest["tables"]), len(media), sum(e["bytes"] for e in media),
                          list(manifest["migrations"]))
        if check_only:
            return summary
        await _check_targets_empty(settings, archive)
        if settings.is_sqlite:
            counts = await asyncio.to_thread(_restore_sqlite, settings, archive)
        else:
            counts = await _restore_postgres(settings, archive)
        if counts != summary.tables:
            differ = sorted(name for name in counts.keys() | summary.tables.keys()
                            if counts.get(name) != summary.tables.get(name))
            raise BackupError(f"restored, but row counts differ from the backup's in: {', '.join(differ)}")
        await asyncio.to_thread(_restore_media, settings, archive)
        summary.secret_restored = await asyncio.to_thread(_restore_secret, settings, archive)
    return summary
