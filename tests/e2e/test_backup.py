"""``yizhan backup`` and ``yizhan restore`` as an operator runs them: a demo with a guest's
report and its photos, a claim and the ledger, backed up while the server runs, restored
into a fresh data folder (and, on PostgreSQL, a fresh database), and compared table by
table and byte by byte."""

from __future__ import annotations

import asyncio
import gzip
import io
import re
import sqlite3
import tarfile
import uuid
from pathlib import Path

import asyncpg
import httpx
import pytest

from server.core.backup import libpq_url
from server.demo import DEMO_PASSWORD
from tests.support.db import TEST_DATABASE_URL, drop_sibling, is_postgres, sibling_database
from tests.support.photos import camera_jpeg
from tests.support.server import run_yizhan, running_server

ENGINES = ["sqlite", pytest.param("postgres", marks=pytest.mark.skipif(
    not is_postgres(TEST_DATABASE_URL), reason="needs YIZHAN_TEST_DATABASE_URL=postgres://…"))]


def table_counts(database_url: str) -> dict[str, int]:
    """Every table's row count, read with the database's own driver (not the code under test)."""
    if database_url.startswith("sqlite://"):
        with sqlite3.connect(database_url.removeprefix("sqlite://")) as conn:
            names = [n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table' "
                                                "AND name NOT LIKE 'sqlite_%'")]
            return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}

    async def count() -> dict[str, int]:
        conn = await asyncpg.connect(libpq_url(database_url))
        try:
            names = [r[0] for r in await conn.fetch("SELECT tablename FROM pg_tables WHERE schemaname='public'")]
            return {n: await conn.fetchval(f'SELECT count(*) FROM "{n}"') for n in names}
        finally:
            await conn.close()

    return asyncio.run(count())


def media_bytes(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def places(tmp_path):
    """Two data folders and databases: where the service ran, and the new place."""
    return tmp_path / "old", tmp_path / "new"


def env_for(folder: Path, database_url: str) -> dict[str, str]:
    return {"YIZHAN_DATA_DIR": str(folder), "YIZHAN_DATABASE_URL": database_url, "YIZHAN_REDIS_URL": "",
            "YIZHAN_SECRET_KEY": ""}


@pytest.fixture
def databases(request, places):
    """(old, new) database URLs for the engine under test."""
    old_dir, new_dir = places
    if request.param == "sqlite":
        yield f"sqlite://{old_dir}/yizhan.sqlite3", f"sqlite://{new_dir}/yizhan.sqlite3"
        return
    old, new = sibling_database("backup_old"), sibling_database("backup_new")
    yield old, new
    drop_sibling(old)
    drop_sibling(new)


@pytest.mark.parametrize("databases", ENGINES, indirect=True)
def test_a_backup_taken_while_serving_restores_every_row_and_photo(places, databases, tmp_path):
    old_dir, new_dir = places
    old_url, new_url = databases
    old, new = env_for(old_dir, old_url), env_for(new_dir, new_url)
    if is_postgres(old_url):
        assert run_yizhan(["migrate"], old).returncode == 0
    demo = run_yizhan(["demo"], old)
    assert demo.returncode == 0, demo.stderr
    station = next(code for code, name in re.findall(r"/q/([A-Z0-9]+)\s+(\S+)", demo.stdout) if name == "日月星光骑手驿站")
    archive = tmp_path / "yizhan-backup.tar.gz"

    with running_server(old, log_path=tmp_path / "old.log") as base:
        sent = httpx.post(f"{base}/api/v1/reports", data={
            "code": station, "category": "sanitation", "description": "楼道堆物", "guest_name": "王阿姨",
            "idempotency_key": uuid.uuid4().hex}, files=[("photos", ("a.jpg", camera_jpeg(800, 600), "image/jpeg")),
                                                          ("photos", ("b.jpg", camera_jpeg(640, 480, seed=2), "image/jpeg"))])
        assert sent.status_code == 201, sent.text
        wish = httpx.get(f"{base}/api/v1/walls/places/{station}").json()["open"][0]
        claimed = httpx.post(f"{base}/api/v1/wishes/{wish['id']}/claims", json={
            "name": "刘阿姨", "phone": "13912345678", "kind": "resident", "consent": True})
        assert claimed.status_code == 201, claimed.text
        token = claimed.json()["token"]
        admin = httpx.post(f"{base}/api/v1/auth/sign-in", json={"login": "admin", "password": DEMO_PASSWORD})
        session = {"yizhan_session": admin.cookies["yizhan_session"]}

        taken = run_yizhan(["backup", str(archive)], old)  # the server keeps running meanwhile
        assert taken.returncode == 0, taken.stderr
        assert f"to {archive}" in taken.stdout and "4 media file(s)" in taken.stdout
        assert archive.stat().st_mode & 0o077 == 0  # phone numbers and the secret key: the owner's only

    before = table_counts(old_url)
    for table in ("report", "report_photo", "wish_claim", "points_ledger", "account_session"):
        assert before[table] > 0, table
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert names[-1] == "manifest.json" and "secret_key" in names

    restored = run_yizhan(["restore", str(archive)], new)
    assert restored.returncode == 0, restored.stderr
    assert "the secret key was restored too" in restored.stdout
    assert table_counts(new_url) == before
    assert media_bytes(new_dir / "media") == media_bytes(old_dir / "media")
    assert len(media_bytes(new_dir / "media")) == 4  # two photos and their thumbnails
    assert (new_dir / "secret_key").read_bytes() == (old_dir / "secret_key").read_bytes()

    if is_postgres(old_url):  # a PostgreSQL backup is not restored into a SQLite folder
        elsewhere = tmp_path / "sqlite"
        mismatch = run_yizhan(["restore", str(archive)], env_for(elsewhere, f"sqlite://{elsewhere}/yizhan.sqlite3"))
        assert mismatch.returncode == 1
        assert "this backup is of a postgres database; YIZHAN_DATABASE_URL is sqlite" in mismatch.stderr
        assert not (elsewhere / "yizhan.sqlite3").exists()

    with running_server(new, log_path=tmp_path / "new.log") as base:
        # The same session, the same private claim link, the same photo bytes, and new rows
        # get new ids (sequences came along).
        me = httpx.get(f"{base}/api/v1/auth/me", cookies=session)
        assert me.status_code == 200 and me.json()["account"]["username"] == "admin"
        assert httpx.get(f"{base}/api/v1/claims/{token}").json()["wish"]["id"] == wish["id"]
        report = httpx.get(f"{base}/api/v1/reports/{sent.json()['id']}", cookies=session).json()
        for photo in report["photos"]:
            served = httpx.get(base + photo["url"])
            assert served.status_code == 200
            assert served.content == (old_dir / "media" / "photos" / photo["url"].rsplit("/", 1)[1]).read_bytes()
        again = httpx.post(f"{base}/api/v1/reports", data={
            "code": station, "category": "sanitation", "description": "又有堆物", "idempotency_key": uuid.uuid4().hex},
            files=[("photos", ("c.jpg", camera_jpeg(320, 240, seed=3), "image/jpeg"))])
        assert again.status_code == 201 and again.json()["id"] > sent.json()["id"]


def test_restore_refuses_a_place_in_use_and_a_damaged_archive_and_writes_nothing(places, tmp_path):
    old_dir, new_dir = places
    old = env_for(old_dir, f"sqlite://{old_dir}/yizhan.sqlite3")
    assert run_yizhan(["demo"], old).returncode == 0
    (old_dir / "media" / "photos").mkdir(parents=True, exist_ok=True)
    (old_dir / "media" / "photos" / "APhotoOfTheDemoXXXXXXXX1.jpg").write_bytes(camera_jpeg(64, 48))
    archive = tmp_path / "b.tar.gz"
    assert run_yizhan(["backup", str(archive)], old).returncode == 0

    again = run_yizhan(["backup", str(archive)], old)
    assert again.returncode == 1 and again.stderr.strip() == f"yizhan: error: {archive} already exists: choose a new file name"

    into_itself = run_yizhan(["restore", str(archive)], old)  # the place it came from is not empty
    assert into_itself.returncode == 1
    assert into_itself.stderr.startswith("yizhan: error: the media folder") and "not empty" in into_itself.stderr

    checked = run_yizhan(["restore", "--check", str(archive)], env_for(new_dir, f"sqlite://{new_dir}/yizhan.sqlite3"))
    assert checked.returncode == 0 and "every checksum matches" in checked.stdout
    assert not (new_dir / "yizhan.sqlite3").exists()

    # One byte of the photo changed, inside an otherwise valid archive.
    with tarfile.open(archive) as tar:
        members = [(info, tar.extractfile(info).read()) for info in tar.getmembers()]
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(damaged, "w:gz") as tar:
        for info, data in members:
            if info.name.startswith("media/"):
                data = data[:-3] + bytes([data[-3] ^ 1]) + data[-2:]
            tar.addfile(info, io.BytesIO(data))
    elsewhere = tmp_path / "elsewhere"
    refused = run_yizhan(["restore", str(damaged)], env_for(elsewhere, f"sqlite://{elsewhere}/yizhan.sqlite3"))
    assert refused.returncode == 1
    assert refused.stderr.strip() == (f"yizhan: error: {damaged} is damaged: "
                                      "media/photos/APhotoOfTheDemoXXXXXXXX1.jpg does not match its checksum")
    assert not (elsewhere / "yizhan.sqlite3").exists() and not any((elsewhere / "media").iterdir())

    # A member the manifest does not list (slipped in after the backup was taken).
    smuggled = tmp_path / "smuggled.tar.gz"
    with tarfile.open(smuggled, "w:gz") as tar:
        for info, data in members:
            tar.addfile(info, io.BytesIO(data))
        extra = tarfile.TarInfo("media/photos/NotInTheManifestXXXXXXXX1.jpg")
        extra.size = len(photo := camera_jpeg(32, 24))
        tar.addfile(extra, io.BytesIO(photo))
    refused = run_yizhan(["restore", str(smuggled)], env_for(elsewhere, f"sqlite://{elsewhere}/yizhan.sqlite3"))
    assert refused.returncode == 1
    assert refused.stderr.strip() == (f"yizhan: error: {smuggled} holds "
                                      "media/photos/NotInTheManifestXXXXXXXX1.jpg, which its manifest does not list")
    assert not (elsewhere / "yizhan.sqlite3").exists() and not any((elsewhere / "media").iterdir())
    checked = run_yizhan(["restore", "--check", str(smuggled)], env_for(elsewhere, f"sqlite://{elsewhere}/yizhan.sqlite3"))
    assert checked.returncode == 1 and "does not list" in checked.stderr

    not_ours = tmp_path / "other.tar.gz"
    not_ours.write_bytes(gzip.compress(b"not a tar at all" * 100))
    garbage = run_yizhan(["restore", str(not_ours)], env_for(elsewhere, f"sqlite://{elsewhere}/yizhan.sqlite3"))
    assert garbage.returncode == 1 and "cannot be read as a backup" in garbage.stderr and "Traceback" not in garbage.stderr
    assert [p.name for p in elsewhere.iterdir() if p.name.startswith(".restore")] == []  # staging cleaned up
