"""Commands that keep the data: retention, media-gc, backup and restore."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from server.commands import CommandError, safe_url, with_db
from server.settings import Settings


def cmd_retention(settings: Settings, args: argparse.Namespace) -> int:
    """Remove guests' names and phones from finished reports, and claimers' phones from
    finished claims, older than YIZHAN_RETENTION_DAYS (or --days); --dry-run only counts."""
    from server.privacy.service import forget_old_contacts

    days = settings.retention_days if args.days is None else args.days
    if days < 1:
        raise CommandError("--days must be a positive number of days")

    async def work() -> int:
        reports, claims = await forget_old_contacts(days, dry_run=args.dry_run)
        verb = "would remove" if args.dry_run else "removed"
        print(f"{verb} guest contacts from {reports} report(s) and phones from {claims} claim(s) "
              f"finished more than {days} days ago")
        return 0

    return asyncio.run(with_db(settings, work))


def cmd_media_gc(settings: Settings, args: argparse.Namespace) -> int:
    """Photos no row names, older than an hour (a crash between writing a file and
    committing its row): listed with --dry-run, else removed."""
    from server.core.media import orphan_photos, remove_quietly
    from server.privacy.service import photos_in_use

    async def work() -> int:
        orphans = await orphan_photos(settings.media_dir, await photos_in_use())
        for path in orphans:
            print(path.name)
        if not args.dry_run:
            remove_quietly(orphans)
        verb = "would remove" if args.dry_run else "removed"
        print(f"{verb} {len(orphans)} photo file(s) that nothing refers to")
        return 0

    return asyncio.run(with_db(settings, work))


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n / 1000:.1f} kB"


def cmd_backup(settings: Settings, args: argparse.Namespace) -> int:
    """One archive: the database as of one moment, the media folder and the secret key."""
    from server.core.backup import BackupError, backup

    try:
        summary = asyncio.run(backup(settings, args.file))
    except BackupError as exc:
        raise CommandError(str(exc)) from None
    for name in summary.vanished:
        print(f"warning: {name} was removed while the backup ran and is not in it", file=sys.stderr)
    print(f"backed up {len(summary.tables)} table(s), {summary.rows} row(s), and {summary.media_files} media "
          f"file(s) ({_size(summary.media_bytes)}) from the {summary.engine} database to {args.file}")
    return 0


def cmd_restore(settings: Settings, args: argparse.Namespace) -> int:
    """Check a backup, and restore it into an empty data folder and database."""
    from server.core.backup import BackupError, restore

    try:
        summary = asyncio.run(restore(settings, args.file, check_only=args.check))
    except BackupError as exc:
        raise CommandError(str(exc)) from None
    what = (f"{len(summary.tables)} table(s), {summary.rows} row(s), and {summary.media_files} media file(s) "
            f"({_size(summary.media_bytes)})")
    if args.check:
        print(f"{args.file} is complete: {what}, every checksum matches")
        return 0
    print(f"restored {what} into {safe_url(settings.database_url)} and {settings.media_dir}")
    if summary.secret_restored:
        print("the secret key was restored too: claim links and sessions made before the backup still work")
    print("run `yizhan migrate` before serving if this version has migrations the backup does not")
    return 0


def add_commands(sub) -> None:
    """retention, media-gc, backup, restore."""
    retention = sub.add_parser("retention", help="remove old guests' and claimers' contact details")
    retention.add_argument("--dry-run", action="store_true", help="only count what would be removed")
    retention.add_argument("--days", type=int, help="older than this many days (default YIZHAN_RETENTION_DAYS, 180)")
    retention.set_defaults(func=cmd_retention)

    gc = sub.add_parser("media-gc", help="remove photo files that no row refers to (older than an hour)")
    gc.add_argument("--dry-run", action="store_true", help="only list them")
    gc.set_defaults(func=cmd_media_gc)

    saver = sub.add_parser("backup", help="write the database, the media folder and the secret key to one archive")
    saver.add_argument("file", type=Path, help="the archive to write (.tar.gz); must not exist yet")
    saver.set_defaults(func=cmd_backup)

    restorer = sub.add_parser("restore", help="restore a backup into an empty data folder and database")
    restorer.add_argument("file", type=Path)
    restorer.add_argument("--check", action="store_true", help="only check the archive's checksums")
    restorer.set_defaults(func=cmd_restore)
