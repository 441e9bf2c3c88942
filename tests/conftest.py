"""Shared pytest fixtures (keep this file small and generic)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from hypothesis import settings

# CI (CI=true) runs the property tests on a fixed, reproducible set of examples: a red build then always
# reproduces, and a green tree stays green. Locally they keep exploring new examples on every run.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
OUTPUT_DIR = ROOT / "tests" / "output"
#: Shared test data (the import corpus and other small files): use it instead of copies.
TEST_DATA = ROOT / "tests" / "data"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(autouse=True)
def _isolated_user_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own empty user store: no test reads or writes the user's real GeoPackage."""
    path = tmp_path / "isolated_store" / "user_data.gpkg"
    monkeypatch.setenv("FPA_STORE", str(path))
    return path


def block_external(context: Any, *, files_only: bool = False) -> list[str]:
    """Let a Playwright context reach only 127.0.0.1, local files and data:/blob:/about: URLs.

    With ``files_only`` even 127.0.0.1 is refused (a downloaded HTML must draw on its own). Everything else is
    aborted; returns the list of aborted URLs (tests assert it stays empty).
    """
    schemes = ("data:", "blob:", "about:", "file:")
    external: list[str] = []

    def handle(route: Any) -> None:
        url = route.request.url
        if url.startswith(schemes) or (not files_only and urlparse(url).hostname == "127.0.0.1"):
            route.continue_()
        else:
            external.append(url)
            route.abort()

    context.route("**/*", handle)
    return external


@dataclass
class OfflineBrowser:
    """Headless Chromium whose every page can reach only this machine (and local files).

    Get pages with :meth:`page`; the ``browser`` fixture fails the test at teardown if any page asked for
    anything off this machine, so no browser test can forget to block external requests.
    """

    browser: Any
    _refused: list[list[str]] = field(default_factory=list)

    def page(
        self, width: int = 1400, height: int = 1000, *, locale: str = "zh-CN", files_only: bool = False
    ) -> Any:
        """A new page in a new context of ``width`` × ``height``, external requests blocked.

        ``files_only`` refuses the app's own server too: for opening a downloaded file on its own.
        """
        context = self.browser.new_context(viewport={"width": width, "height": height}, locale=locale)
        self._refused.append(block_external(context, files_only=files_only))
        return context.new_page()

    def refused(self) -> list[str]:
        """Every URL refused so far, over all pages."""
        return [url for blocked in self._refused for url in blocked]


@pytest.fixture
def browser(chromium_launch: dict[str, object]) -> Iterator[OfflineBrowser]:
    """The one browser fixture: Debian's chromium (skips without it), every external request blocked and
    asserted to be zero when the test ends."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(**chromium_launch)
        offline = OfflineBrowser(chromium)
        try:
            yield offline
        finally:
            chromium.close()
    refused = offline.refused()
    assert refused == [], f"external requests in offline mode: {refused[:10]}"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def chromium_launch() -> dict[str, object]:
    """Keyword arguments for Playwright's ``chromium.launch`` (Debian's chromium, TEAM.md flags); skips the
    test when ``/usr/bin/chromium`` is missing."""
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium at /usr/bin/chromium")
    return {"executable_path": str(CHROMIUM), "args": list(CHROMIUM_ARGS), "headless": True}


@pytest.fixture(scope="session")
def output_dir() -> Path:
    """``tests/output/`` (git-ignored) for screenshots and other artefacts."""
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    return OUTPUT_DIR


@contextlib.contextmanager
def run_streamlit(
    store_dir: Path, env_extra: dict[str, str] | None = None, *, log_name: str = "", script: str = "app.py"
) -> Iterator[str]:
    """Run ``streamlit run <script>`` (``app.py``, or ``serve.py`` with the tile route) on 127.0.0.1 and a
    free port; yield its base URL; always stop it.

    The user store (and its accounts) live in ``store_dir`` and ``TIANDITU_KEY`` is removed so the run
    touches nothing of the user's; ``env_extra`` adds variables (e.g. ``{"FPA_AUTH": "required"}`` for a
    shared server). The server's output goes to ``tests/output/<log_name or streamlit_server>.log``.
    """
    port = free_port()
    env = dict(os.environ)
    for var in ("TIANDITU_KEY", "FPA_AUTH", "FPA_ANONYMOUS", "FPA_USERS", "FPA_CONFIG", "FPA_BASEMAPS"):
        env.pop(var, None)
    env["FPA_STORE"] = str(store_dir / "user_data.gpkg")
    env["STREAMLIT_BROWSER_GATHER_USAGE_STATS"] = "false"
    env.update(env_extra or {})
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    log = open(OUTPUT_DIR / f"{log_name or 'streamlit_server'}.log", "wb")  # noqa: SIM115 (closed below)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            script,
            "--server.address",
            "127.0.0.1",
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {proc.returncode}; see {log.name}")
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not answer on {base} within 90 s; see {log.name}")
            time.sleep(0.3)
        yield base
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=5)
        log.close()


@pytest.fixture(scope="session")
def streamlit_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app in desktop mode (no sign-in) on a temp store: :func:`run_streamlit`."""
    with run_streamlit(tmp_path_factory.mktemp("store")) as base:
        yield base
