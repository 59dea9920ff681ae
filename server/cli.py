"""The ``yizhan`` command: serve, migrate, makemigrations, create-user, demo, backup, restore, check and more."""

from __future__ import annotations

import argparse
import asyncio
import errno
import getpass
import os
import socket
import sys
from pathlib import Path

from server.commands import CommandError, fail, posters, safe_url, upkeep, with_db
from server.core import db
from server.core.errors import AppError, describe
from server.core.messages import message
from server.core.roles import Role
from server.settings import Settings, SettingsError

# --- commands -------------------------------------------------------------------------


def cmd_migrate(settings: Settings, args: argparse.Namespace) -> int:
    async def run() -> int:
        try:
            applied = await db.migrate(settings)
        except Exception as exc:
            raise CommandError(f"migration failed on {safe_url(settings.database_url)}: {exc}") from None
        print(f"applied {len(applied)} migration(s)" + ("".join(f"\n  {n}" for n in applied)))
        return 0

    return asyncio.run(run())


def cmd_makemigrations(settings: Settings, args: argparse.Namespace) -> int:
    """Write a migration for model changes (for developers; the files are committed)."""
    from tortoise.cli import cli as tortoise_cli

    os.environ["YIZHAN_MIGRATION_DB"] = settings.database_url
    ctx = tortoise_cli.CLIContext(config="server.core.db.MIGRATION_CONFIG", config_file=None)
    asyncio.run(tortoise_cli.makemigrations(ctx, (), False, args.name))
    return 0


def port_number(raw: str) -> int:
    """A TCP port, 1–65535 (for --port; argparse reports anything else in one line)."""
    try:
        port = int(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {raw!r}") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"a port is 1–65535, not {port}")
    return port


def _port_from_env() -> int:
    raw = os.environ.get("YIZHAN_PORT", "8000")
    try:
        return port_number(raw)
    except argparse.ArgumentTypeError as exc:
        raise SettingsError(f"YIZHAN_PORT: {exc}") from None


def _port_taken(host: str, port: int) -> str | None:
    """Why the server could not listen there, found before anything is printed or
    migrated; None when it can."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does: TIME_WAIT is no obstacle
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return (f"port {port} on {host} is taken: another server (another Yizhan?) is listening there; "
                        "stop it, or choose another with --port or YIZHAN_PORT")
            return f"cannot listen on {host}:{port}: {exc.strerror}"
    return None


def cmd_serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn

    args.port = args.port if args.port is not None else _port_from_env()
    if taken := _port_taken(args.host, args.port):
        return fail(taken, 1)
    if not os.environ.get("YIZHAN_PUBLIC_URL"):
        # QR codes and links point where this server answers (every worker reads this).
        host = "127.0.0.1" if args.host in ("0.0.0.0", "::", "") else args.host
        os.environ["YIZHAN_PUBLIC_URL"] = f"http://{host}:{args.port}"
        settings = Settings.from_env()
    if args.workers > 1 and settings.is_sqlite:
        return fail(
            "SQLite serves one worker only; set YIZHAN_DATABASE_URL=postgres://… to run "
            f"{args.workers} workers (see docs/OPERATIONS.md, Deployment)"
        )
    if settings.is_sqlite:
        cmd_migrate(settings, args)
    else:
        pending = asyncio.run(with_db(settings, _count_pending))
        if pending:
            return fail(f"{pending} migration(s) are not applied to the database yet; run `yizhan migrate` first")
    print(f"Yizhan on http://{args.host}:{args.port}  (public URL {settings.public_url})", flush=True)
    uvicorn.run(
        "server.app:create_app_from_env",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        proxy_headers=True,
        forwarded_allow_ips=args.forwarded_allow_ips,
        log_level=args.log_level,
        access_log=args.log_level == "debug",
    )
    return 0


async def _count_pending() -> int:
    return len(await db.pending_migrations())


def cmd_create_user(settings: Settings, args: argparse.Namespace) -> int:
    from server.accounts.service import create_account

    password = args.password or os.environ.get("YIZHAN_NEW_PASSWORD") or getpass.getpass("Password: ")

    async def work() -> int:
        account = await create_account(
            None, role=Role(args.role), name=args.name, password=password,
            phone=args.phone, username=args.username, scope_id=args.scope_id,
        )
        print(f"created {account.role} #{account.id} {account.name} "
              f"(sign in with {account.username or account.phone})")
        return 0

    return asyncio.run(with_db(settings, work))


def cmd_demo(settings: Settings, args: argparse.Namespace) -> int:
    from server.demo import DEMO_PASSWORD, load_demo, print_places, print_sign_ins

    cmd_migrate(settings, args)

    async def work() -> int:
        created = await load_demo(args.password or DEMO_PASSWORD)
        print("demo data loaded" if created else "demo data already present")
        print_sign_ins(args.password or DEMO_PASSWORD)
        await print_places(settings.public_url)
        return 0

    return asyncio.run(with_db(settings, work))


def cmd_import(settings: Settings, args: argparse.Namespace) -> int:
    """Import places from a CSV file: every row is checked, then all are written or none."""
    from server.locations.csv_io import import_places

    raw = args.file.read_bytes()

    async def work() -> int:
        try:
            done = await import_places(None, raw, settings.pwa_dir)
        except AppError as exc:
            if not exc.errors:
                raise
            for error in exc.errors:
                text = error.message or message(error.code)
                print(f"{args.file}:{error.line or '-'}: {error.column or error.field}: {text}", file=sys.stderr)
            raise CommandError(f"{len(exc.errors)} problem(s) in {args.file}; nothing was imported") from None
        print(f"imported {len(done.created)} new place(s), updated {len(done.updated)}")
        return 0

    return asyncio.run(with_db(settings, work))


def cmd_export(settings: Settings, args: argparse.Namespace) -> int:
    """Export places as CSV (the import format), to a file or standard output."""
    from server.locations.csv_io import export_places
    from server.locations.posters import select_places

    async def work() -> int:
        places = await select_places(None, community_id=args.community, station_id=args.station, include_inactive=True)
        data = await export_places(places, settings.pwa_dir)
        if args.out:
            args.out.write_bytes(data)
            print(f"exported {len(places)} place(s) to {args.out}")
        else:
            sys.stdout.buffer.write(data)
        return 0

    return asyncio.run(with_db(settings, work))


def cmd_check(settings: Settings, args: argparse.Namespace) -> int:
    """Check settings, folders, database, migrations and Redis; exit 1 on any problem.
    It only looks: where nothing is set up it says so and creates nothing."""
    problems: list[str] = []
    try:
        _port_from_env()
    except SettingsError as exc:
        problems.append(str(exc))
    print(f"data folder      {settings.data_dir}{'' if settings.data_dir.is_dir() else '  (does not exist)'}")
    print(f"media folder     {settings.media_dir}")
    print(f"database         {safe_url(settings.database_url)}")
    print(f"public URL       {settings.public_url}")
    print(f"redis            {settings.redis_url or '(none: in-process stores, one worker)'}")

    async def work() -> int:
        try:
            await db.check_writable()
        except db.ReadOnlyDatabase as exc:
            problems.append(f"the database is read-only: {exc}")
        pending = await db.pending_migrations()
        if pending:
            problems.append(f"{len(pending)} migration(s) not applied: run `yizhan migrate`")
        if settings.redis_url:
            from server.core.stores import RedisCounterStore

            store = RedisCounterStore(settings.redis_url)
            try:
                await store.ping()
            except Exception as exc:
                problems.append(f"redis unreachable: {exc}")
            finally:
                await store.close()
        return 0

    if nothing := settings.nothing_here():
        problems.append(nothing)
    else:
        try:
            asyncio.run(with_db(settings, work))
        except CommandError as exc:
            problems.append(str(exc))
    for problem in problems:
        print(f"PROBLEM: {problem}")
    print("ok" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


# --- parsing --------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="yizhan", description="Yizhan (驿站): riders + community platform")
    sub = parser.add_subparsers(dest="command", required=True)
    _running_commands(sub)
    _data_commands(sub)
    upkeep.add_commands(sub)
    posters.add_command(sub)
    return parser


def _running_commands(sub) -> None:
    """serve, migrate, makemigrations, check."""
    serve = sub.add_parser("serve", help="run the web server (applies migrations on SQLite)")
    serve.add_argument("--host", default=os.environ.get("YIZHAN_HOST", "127.0.0.1"))
    serve.add_argument("--port", type=port_number, default=None, help="default YIZHAN_PORT, else 8000")
    serve.add_argument("--workers", type=int, default=1)
    serve.add_argument("--forwarded-allow-ips", default="127.0.0.1",
                       help="proxies trusted for X-Forwarded-For (default: 127.0.0.1)")
    serve.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"])
    serve.set_defaults(func=cmd_serve)

    sub.add_parser("migrate", help="apply pending database migrations").set_defaults(func=cmd_migrate)

    make = sub.add_parser("makemigrations", help="write a migration for model changes (developers)")
    make.add_argument("--name", default=None)
    make.set_defaults(func=cmd_makemigrations)
    sub.add_parser("check", help="check settings, database, migrations and Redis").set_defaults(func=cmd_check)


def _data_commands(sub) -> None:
    """create-user, demo, import, export."""
    user = sub.add_parser("create-user", help="create an account")
    user.add_argument("--role", required=True,
                      choices=[role.value for role in Role])
    user.add_argument("--name", required=True)
    user.add_argument("--phone")
    user.add_argument("--username")
    user.add_argument("--scope-id", type=int, help="id of the organisation node the account belongs to")
    user.add_argument("--password", help="(else YIZHAN_NEW_PASSWORD, else asked)")
    user.set_defaults(func=cmd_create_user)

    demo = sub.add_parser("demo", help="load the Tianshan district demo and print its sign-ins")
    demo.add_argument("--password", help="password for every demo account")
    demo.set_defaults(func=cmd_demo)

    importer = sub.add_parser("import", help="import places from a CSV file (UTF-8 or GBK, as Excel saves it)")
    importer.add_argument("file", type=Path)
    importer.set_defaults(func=cmd_import)

    exporter = sub.add_parser("export", help="export places as CSV")
    exporter.add_argument("--out", type=Path, help="file to write (default: standard output)")
    where = exporter.add_mutually_exclusive_group()
    where.add_argument("--community", type=int, help="only this community's places")
    where.add_argument("--station", type=int, help="only this delivery station's places")
    exporter.set_defaults(func=cmd_export)


# Commands that read and never set anything up: no ./var/ where there was none.
ONLY_LOOK = frozenset({"check", "posters"})


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = Settings.from_env(create=args.command not in ONLY_LOOK)
        return args.func(settings, args)
    except SettingsError as exc:
        return fail(str(exc))
    except CommandError as exc:
        return fail(str(exc), 1)
    except AppError as exc:
        return fail(describe(exc), 1)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
