"""Settings from ``YIZHAN_*`` environment variables, with zero-config defaults.

With nothing set, the server keeps everything under ``./var/``: a SQLite file, the media
folder and a secret key generated on first start (mode 0600). Any invalid value raises
``SettingsError`` whose message is one line a person can act on.
"""

from __future__ import annotations

import os
import re
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

ENV_PREFIX = "YIZHAN_"
# The installable web app's files; shipped beside the server package.
DEFAULT_PWA_DIR = Path(__file__).resolve().parent.parent / "pwa"
SECRET_FILE_NAME = "secret_key"


class SettingsError(Exception):
    """A setting is invalid; the message names it and says what is expected."""


# Where ``yizhan serve`` answers by default; without YIZHAN_PUBLIC_URL, serve on another
# port or host points QR codes at where it actually answers.
DEFAULT_PUBLIC_URL = "http://127.0.0.1:8000"


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    media_dir: Path
    database_url: str
    secret_key: str
    public_url: str
    redis_url: str | None = None
    pwa_dir: Path = DEFAULT_PWA_DIR
    session_days: int = 30
    max_body_bytes: int = 1_000_000
    cookie_secure: bool = False
    # Failed sign-ins tolerated per login name and per client address within the window.
    signin_failures_per_login: int = 5
    signin_failures_per_ip: int = 30
    signin_window_seconds: int = 900
    # How long a reward asked for stays held for its rider before the points go back.
    redemption_hours: int = 72
    # WeChat's "scan an ordinary link's QR code, open the mini-program" rule: the file it
    # asks for, served byte-exact at the site root and under /q/ (name, contents).
    wechat_verify_file: str | None = None
    wechat_verify_content: str = ""
    # The mini-program's (or official account's) AppID and AppSecret, and where WeChat's server
    # APIs answer (a fake on loopback in tests). Without them, WeChat sign-in answers 503.
    wechat_appid: str = ""
    wechat_secret: str = ""
    wechat_api: str = "https://api.weixin.qq.com"
    # Posters also print a mini-program code opening ``wechat_page`` with the place's code.
    wechat_poster_codes: bool = False
    wechat_page: str = "pages/place/index"
    wechat_env: str = "release"
    # The official account (公众号) whose web page authorisation signs riders in inside
    # WeChat's browser; its users are matched to the mini-program's by unionid.
    wechat_oa_appid: str = ""
    wechat_oa_secret: str = ""
    wechat_oauth_url: str = "https://open.weixin.qq.com"
    # Work-group robots on this machine's loopback address (a local relay, or tests).
    webhooks_allow_loopback: bool = False
    # How often each worker looks for messages to deliver, and runs its housekeeping
    # (expiries, reminders, the deadline alarms), in seconds.
    delivery_seconds: float = 2.0
    sweep_seconds: float = 300.0
    # PostgreSQL: how long to wait for a connection, and for one statement, before the
    # request answers 503 instead of hanging (asyncpg's own connect timeout is 60 s).
    db_connect_timeout: float = 5.0
    db_command_timeout: float = 15.0
    # Guests' names and phones on finished reports, and claimers' phones on finished claims,
    # are removed after this many days.
    retention_days: int = 180

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite://")

    @property
    def sqlite_path(self) -> Path | None:
        """The SQLite database file, or None on PostgreSQL."""
        return Path(self.database_url.removeprefix("sqlite://")) if self.is_sqlite else None

    def nothing_here(self) -> str | None:
        """Why there is nothing to read, for a command that only looks (``check``, ``python
        -m qr``): no data folder or no SQLite database yet. None when there is."""
        if self.sqlite_path is not None and not self.sqlite_path.is_file():
            return (f"no database at {self.sqlite_path}: nothing is set up in {self.data_dir} yet "
                    "(run `yizhan demo` or `yizhan serve` there, or set YIZHAN_DATA_DIR / YIZHAN_DATABASE_URL to yours)")
        return None

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, *, create: bool = True) -> Settings:
        """The settings from ``YIZHAN_*``. ``create=False`` (commands that only look) makes
        no folder and no secret key where there is none."""
        env = dict(os.environ if env is None else env)

        def get(name: str, default: str | None = None) -> str | None:
            value = env.get(ENV_PREFIX + name)
            return value if value not in (None, "") else default

        data_dir = _writable_dir("YIZHAN_DATA_DIR", Path(get("DATA_DIR", "var")), create)
        media_dir = _writable_dir("YIZHAN_MEDIA_DIR", Path(get("MEDIA_DIR", str(data_dir / "media"))), create)
        database_url = _database_url(get("DATABASE_URL") or f"sqlite://{data_dir / 'yizhan.sqlite3'}")
        public_url = _public_url(get("PUBLIC_URL", DEFAULT_PUBLIC_URL))
        redis_url = get("REDIS_URL")
        if redis_url and urlsplit(redis_url).scheme not in ("redis", "rediss", "unix"):
            raise SettingsError(f"YIZHAN_REDIS_URL must start with redis:// or rediss://, got {redis_url!r}")
        pwa_dir = Path(get("PWA_DIR", str(DEFAULT_PWA_DIR))).expanduser().resolve()
        if not (pwa_dir / "index.html").is_file():
            raise SettingsError(f"YIZHAN_PWA_DIR: {pwa_dir} has no index.html")
        secret_key = get("SECRET_KEY") or _secret_from_file(data_dir / SECRET_FILE_NAME, create)
        if len(secret_key) < 32:
            raise SettingsError("YIZHAN_SECRET_KEY must be at least 32 characters long")
        return cls(
            data_dir=data_dir,
            media_dir=media_dir,
            database_url=database_url,
            secret_key=secret_key,
            public_url=public_url,
            redis_url=redis_url,
            pwa_dir=pwa_dir,
            session_days=_positive_int("YIZHAN_SESSION_DAYS", get("SESSION_DAYS", "30")),
            max_body_bytes=_positive_int("YIZHAN_MAX_BODY_BYTES", get("MAX_BODY_BYTES", "1000000")),
            redemption_hours=_positive_int("YIZHAN_REDEMPTION_HOURS", get("REDEMPTION_HOURS", "72")),
            cookie_secure=public_url.startswith("https://"),
            delivery_seconds=_positive_number("YIZHAN_DELIVERY_SECONDS", get("DELIVERY_SECONDS", "2")),
            retention_days=_positive_int("YIZHAN_RETENTION_DAYS", get("RETENTION_DAYS", "180")),
            sweep_seconds=_positive_number("YIZHAN_SWEEP_SECONDS", get("SWEEP_SECONDS", "300")),
            db_connect_timeout=_positive_number("YIZHAN_DB_CONNECT_TIMEOUT", get("DB_CONNECT_TIMEOUT", "5")),
            db_command_timeout=_positive_number("YIZHAN_DB_COMMAND_TIMEOUT", get("DB_COMMAND_TIMEOUT", "15")),
            webhooks_allow_loopback=_flag("YIZHAN_WEBHOOK_ALLOW_LOOPBACK", get("WEBHOOK_ALLOW_LOOPBACK", "")),
            **_wechat_settings(get),
        )


def _wechat_settings(get) -> dict:
    """The mini-program's and the official account's settings, each pair set together."""
    verify_file, verify_content = _verification_file(get("WECHAT_VERIFY_FILE"), get("WECHAT_VERIFY_CONTENT"))
    wechat_appid, wechat_secret = get("WECHAT_APPID", ""), get("WECHAT_SECRET", "")
    if bool(wechat_appid) != bool(wechat_secret):
        raise SettingsError("YIZHAN_WECHAT_APPID and YIZHAN_WECHAT_SECRET go together: set both or neither")
    wechat_api = get("WECHAT_API", "https://api.weixin.qq.com").rstrip("/")
    if urlsplit(wechat_api).scheme not in ("https", "http"):
        raise SettingsError(f"YIZHAN_WECHAT_API must be an http(s) URL, got {wechat_api!r}")
    wechat_env = get("WECHAT_ENV", "release")
    if wechat_env not in ("release", "trial", "develop"):
        raise SettingsError(f"YIZHAN_WECHAT_ENV must be release, trial or develop, got {wechat_env!r}")
    oa_appid, oa_secret = get("WECHAT_OA_APPID", ""), get("WECHAT_OA_SECRET", "")
    if bool(oa_appid) != bool(oa_secret):
        raise SettingsError("YIZHAN_WECHAT_OA_APPID and YIZHAN_WECHAT_OA_SECRET go together: set both or neither")
    oauth_url = get("WECHAT_OAUTH_URL", "https://open.weixin.qq.com").rstrip("/")
    if urlsplit(oauth_url).scheme not in ("https", "http"):
        raise SettingsError(f"YIZHAN_WECHAT_OAUTH_URL must be an http(s) URL, got {oauth_url!r}")
    poster_codes = _flag("YIZHAN_WECHAT_POSTER_CODES", get("WECHAT_POSTER_CODES", ""))
    if poster_codes and not wechat_appid:
        raise SettingsError("YIZHAN_WECHAT_POSTER_CODES needs YIZHAN_WECHAT_APPID and YIZHAN_WECHAT_SECRET")
    return {"wechat_verify_file": verify_file, "wechat_verify_content": verify_content, "wechat_appid": wechat_appid,
            "wechat_secret": wechat_secret, "wechat_api": wechat_api, "wechat_poster_codes": poster_codes,
            "wechat_page": get("WECHAT_PAGE", "pages/place/index"), "wechat_env": wechat_env,
            "wechat_oa_appid": oa_appid, "wechat_oa_secret": oa_secret, "wechat_oauth_url": oauth_url}


def _writable_dir(name: str, path: Path, create: bool = True) -> Path:
    path = path.expanduser().resolve()
    if not create:
        return path
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SettingsError(f"{name}: cannot create folder {path} ({exc.strerror})") from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise SettingsError(f"{name}: folder {path} is not writable")
    return path


def _database_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        if not (parts.netloc or parts.path):
            raise SettingsError("YIZHAN_DATABASE_URL: a sqlite URL needs a file path, e.g. sqlite://var/yizhan.sqlite3")
        return url
    if parts.scheme in ("postgres", "postgresql", "asyncpg"):
        if not parts.hostname or not parts.path.strip("/"):
            raise SettingsError(
                "YIZHAN_DATABASE_URL: a PostgreSQL URL needs a host and a database, "
                "e.g. postgres://user:password@127.0.0.1:5432/yizhan"
            )
        # Tortoise knows the asyncpg driver under the "postgres" scheme.
        return "postgres" + url[len(parts.scheme):]
    raise SettingsError(
        f"YIZHAN_DATABASE_URL must start with sqlite:// or postgres://, got {url.split('://')[0]!r}"
    )


_VERIFY_FILE = re.compile(r"[A-Za-z0-9_-]{1,64}\.txt")


def _verification_file(name: str | None, content: str | None) -> tuple[str | None, str]:
    if not name:
        return None, ""
    if not _VERIFY_FILE.fullmatch(name):
        raise SettingsError(f"YIZHAN_WECHAT_VERIFY_FILE must be a file name like MP_verify_abc123.txt, got {name!r}")
    if not content:
        raise SettingsError("YIZHAN_WECHAT_VERIFY_CONTENT must hold the verification file's contents")
    return name, content


def _public_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SettingsError(f"YIZHAN_PUBLIC_URL must be an http(s) URL such as https://yizhan.example.cn, got {url!r}")
    return url.rstrip("/")


def _positive_number(name: str, raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a number of seconds, got {raw!r}") from None
    if not value > 0:
        raise SettingsError(f"{name} must be positive, got {raw}")
    return value


def _flag(name: str, raw: str) -> bool:
    if raw.lower() in ("", "0", "false", "no", "off"):
        return False
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    raise SettingsError(f"{name} must be true or false, got {raw!r}")


def _positive_int(name: str, raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, got {raw!r}") from None
    if value <= 0:
        raise SettingsError(f"{name} must be positive, got {value}")
    return value


def _secret_from_file(path: Path, create: bool = True) -> str:
    """Read the secret key, creating it (mode 0600) on first start; without ``create``, a
    missing key is a throwaway one (nothing signed with it is kept)."""
    if not create and not path.exists():
        return secrets.token_urlsafe(48)
    if path.exists():
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            path.chmod(0o600)
        return path.read_text(encoding="ascii").strip()
    secret = secrets.token_urlsafe(48)
    # O_EXCL: if two processes start at once, one writes and the other reads its key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(secret + "\n")
    return secret
