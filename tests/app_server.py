"""How the browser tests and the benchmark run the dashboard: `streamlit run app.py` on a free
port, ready once /_stcore/health answers, and the system Chromium that opens it.

No Playwright here: the caller brings its own browser driver.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
APP_PATH = REPO_ROOT / "app.py"
# Debian's chromium package: the tests never download a browser (`playwright install`).
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# numba compiles the kernel on a cold cache, but the health check answers before any run.
STARTUP_TIMEOUT_S = 60


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(base_url: str, proc: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {proc.returncode}:\n{log_path.read_text()}")
        try:
            with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as response:
                if response.read().decode().strip() == "ok":
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    raise RuntimeError(f"streamlit not healthy after {STARTUP_TIMEOUT_S}s:\n{log_path.read_text()}")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextmanager
def running_app(log_path: Path, environ: dict[str, str] | None = None) -> Iterator[str]:
    """A fresh `streamlit run app.py` server for the block: yields its base URL once healthy,
    writes its output to `log_path`, and stops it afterwards; `environ` adds to the server's
    environment (e.g. its shared result cache, SEATCAST_CACHE_DIR)."""
    # The README's deploy-time warm-up: on a fresh clone numba compiles the kernel into its disk
    # cache (20 s or more on a loaded machine), which would otherwise stall the first page a test opens.
    warm_up = [sys.executable, "-m", "engine", "report", "--poll", "2024-11-21-Ipsos", "--simulations", "4096"]
    subprocess.run(warm_up, cwd=REPO_ROOT, stdout=subprocess.DEVNULL, check=True)
    port = _free_port()
    command = [
        sys.executable, "-m", "streamlit", "run", str(APP_PATH),
        "--server.headless", "true", "--server.port", str(port), "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    # Its own process group, so that stopping it also reaches anything streamlit spawns.
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            command,
            cwd=REPO_ROOT,
            env={**os.environ, **(environ or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        base_url = f"http://localhost:{port}"
        _wait_healthy(base_url, proc, log_path)
        yield base_url
    finally:
        _stop(proc)
