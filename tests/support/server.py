"""Run the real ``yizhan`` command, and a real server on a loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import httpx

YIZHAN = str(Path(sys.executable).parent / "yizhan")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_yizhan(args: list[str], env: dict[str, str], timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run([YIZHAN, *args], env={**os.environ, **env}, capture_output=True, text=True,
                          timeout=timeout)


@contextmanager
def running_server(env: dict[str, str], *extra: str, log_path: Path | None = None, port: int | None = None,
                   up_when: tuple[int, ...] = (200,)):
    """``yizhan serve`` on a free (or the given) port; yields its base URL once ``/healthz``
    answers one of ``up_when``; stops it afterwards."""
    port = port or free_port()
    log = open(log_path, "wb") if log_path else subprocess.DEVNULL
    process = subprocess.Popen([YIZHAN, "serve", "--port", str(port), *extra], env={**os.environ, **env},
                               stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"server exited with {process.returncode}")
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code in up_when:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("server did not become healthy in 60 s")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        if log_path:
            log.close()
