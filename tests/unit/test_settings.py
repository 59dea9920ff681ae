import os
import stat
from pathlib import Path

import pytest

from server.settings import Settings, SettingsError


def test_zero_config_defaults(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    settings = Settings.from_env({})
    assert settings.data_dir == tmp_path / "var"
    assert settings.media_dir == tmp_path / "var" / "media" and settings.media_dir.is_dir()
    assert settings.database_url == f"sqlite://{tmp_path / 'var' / 'yizhan.sqlite3'}"
    assert settings.public_url == "http://127.0.0.1:8000"
    assert settings.redis_url is None and settings.is_sqlite and not settings.cookie_secure


def test_secret_is_generated_once_with_mode_0600(tmp_path):
    env = {"YIZHAN_DATA_DIR": str(tmp_path)}
    first = Settings.from_env(env).secret_key
    secret_file = tmp_path / "secret_key"
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600
    assert len(first) >= 32
    assert Settings.from_env(env).secret_key == first
    secret_file.chmod(0o644)
    Settings.from_env(env)
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600


def test_postgres_urls_are_accepted_and_https_makes_cookies_secure(tmp_path):
    settings = Settings.from_env({
        "YIZHAN_DATA_DIR": str(tmp_path),
        "YIZHAN_DATABASE_URL": "postgresql://u:p@db.internal:5432/yizhan",
        "YIZHAN_PUBLIC_URL": "https://yizhan.example.cn/",
    })
    assert settings.database_url == "postgres://u:p@db.internal:5432/yizhan"
    assert settings.public_url == "https://yizhan.example.cn"
    assert settings.cookie_secure and not settings.is_sqlite


@pytest.mark.parametrize(
    ("env", "words"),
    [
        ({"YIZHAN_DATABASE_URL": "mysql://x/y"}, "YIZHAN_DATABASE_URL must start with sqlite:// or postgres://"),
        ({"YIZHAN_DATABASE_URL": "postgres://hostonly"}, "needs a host and a database"),
        ({"YIZHAN_PUBLIC_URL": "localhost:8000"}, "YIZHAN_PUBLIC_URL must be an http(s) URL"),
        ({"YIZHAN_REDIS_URL": "http://x"}, "YIZHAN_REDIS_URL must start with redis://"),
        ({"YIZHAN_SECRET_KEY": "short"}, "at least 32 characters"),
        ({"YIZHAN_SESSION_DAYS": "many"}, "YIZHAN_SESSION_DAYS must be a whole number"),
        ({"YIZHAN_SESSION_DAYS": "0"}, "YIZHAN_SESSION_DAYS must be positive"),
        ({"YIZHAN_WECHAT_APPID": "wx123"}, "YIZHAN_WECHAT_APPID and YIZHAN_WECHAT_SECRET go together"),
        ({"YIZHAN_WECHAT_APPID": "wx1", "YIZHAN_WECHAT_SECRET": "s", "YIZHAN_WECHAT_API": "ftp://x"},
         "YIZHAN_WECHAT_API must be an http(s) URL"),
        ({"YIZHAN_WECHAT_POSTER_CODES": "1"}, "YIZHAN_WECHAT_POSTER_CODES needs YIZHAN_WECHAT_APPID"),
        ({"YIZHAN_WECHAT_APPID": "wx1", "YIZHAN_WECHAT_SECRET": "s", "YIZHAN_WECHAT_ENV": "beta"},
         "YIZHAN_WECHAT_ENV must be release, trial or develop"),
        ({"YIZHAN_WECHAT_OA_SECRET": "s"}, "YIZHAN_WECHAT_OA_APPID and YIZHAN_WECHAT_OA_SECRET go together"),
        ({"YIZHAN_WECHAT_OAUTH_URL": "javascript:alert(1)"}, "YIZHAN_WECHAT_OAUTH_URL must be an http"),
        ({"YIZHAN_DB_COMMAND_TIMEOUT": "soon"}, "YIZHAN_DB_COMMAND_TIMEOUT"),
        ({"YIZHAN_DB_CONNECT_TIMEOUT": "0"}, "YIZHAN_DB_CONNECT_TIMEOUT"),
    ],
)
def test_invalid_settings_say_what_is_wrong_in_one_line(tmp_path, env, words):
    with pytest.raises(SettingsError) as caught:
        Settings.from_env({"YIZHAN_DATA_DIR": str(tmp_path), **env})
    assert words in str(caught.value) and "\n" not in str(caught.value)


def test_unwritable_data_dir_is_refused(tmp_path):
    if os.geteuid() == 0:
        locked = Path("/proc/1")  # exists, and not writable even for root
    else:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o555)
    with pytest.raises(SettingsError) as caught:
        Settings.from_env({"YIZHAN_DATA_DIR": str(locked)})
    assert str(caught.value) == f"YIZHAN_DATA_DIR: folder {locked} is not writable"


def test_data_dir_that_cannot_be_created_is_refused(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(SettingsError, match="YIZHAN_DATA_DIR: cannot create folder"):
        Settings.from_env({"YIZHAN_DATA_DIR": str(blocker / "var")})


def test_the_wechat_verification_file_needs_a_plain_name_and_contents(tmp_path):
    base = {"YIZHAN_DATA_DIR": str(tmp_path)}
    settings = Settings.from_env({**base, "YIZHAN_WECHAT_VERIFY_FILE": "MP_verify_x1.txt",
                                  "YIZHAN_WECHAT_VERIFY_CONTENT": "x1"})
    assert (settings.wechat_verify_file, settings.wechat_verify_content) == ("MP_verify_x1.txt", "x1")
    assert Settings.from_env(base).wechat_verify_file is None
    for name in ("../etc/passwd.txt", "verify.html", "a b.txt"):
        with pytest.raises(SettingsError, match="YIZHAN_WECHAT_VERIFY_FILE"):
            Settings.from_env({**base, "YIZHAN_WECHAT_VERIFY_FILE": name, "YIZHAN_WECHAT_VERIFY_CONTENT": "x"})
    with pytest.raises(SettingsError, match="YIZHAN_WECHAT_VERIFY_CONTENT"):
        Settings.from_env({**base, "YIZHAN_WECHAT_VERIFY_FILE": "MP_verify_x1.txt"})


def test_loop_intervals_and_the_loopback_switch(tmp_path):
    base = {"YIZHAN_DATA_DIR": str(tmp_path)}
    settings = Settings.from_env(base)
    assert (settings.sweep_seconds, settings.delivery_seconds, settings.webhooks_allow_loopback) == (300, 2, False)
    tuned = Settings.from_env({**base, "YIZHAN_SWEEP_SECONDS": "60", "YIZHAN_DELIVERY_SECONDS": "0.5",
                               "YIZHAN_WEBHOOK_ALLOW_LOOPBACK": "yes"})
    assert (tuned.sweep_seconds, tuned.delivery_seconds, tuned.webhooks_allow_loopback) == (60, 0.5, True)
    for name, value in (("YIZHAN_SWEEP_SECONDS", "0"), ("YIZHAN_DELIVERY_SECONDS", "soon"),
                        ("YIZHAN_WEBHOOK_ALLOW_LOOPBACK", "maybe")):
        with pytest.raises(SettingsError, match=name):
            Settings.from_env({**base, name: value})
