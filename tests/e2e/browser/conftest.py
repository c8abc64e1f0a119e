"""A live Lamplighter server on the demo data and Debian's Chromium driven by Playwright.

The demo is built once per session (a shorter history than ``lamplighter demo`` to keep
the run short), one wave is released so there is something to pick, and uvicorn serves
it on a free loopback port. Chromium is ``/usr/bin/chromium`` (``playwright install``
cannot download browsers here); without it the tests skip locally and fail under CI.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import BrowserContext, Page, expect, sync_playwright

from lamplighter.adapters.db.engine import make_engine
from lamplighter.demo.generator import DemoParams
from lamplighter.entrypoints.api import create_app
from lamplighter.entrypoints.api.settings import ApiSettings
from lamplighter.planning.batching import CartCapacity
from lamplighter.services import api_keys, locations, picking, waves
from lamplighter.services.api_keys import Role
from lamplighter.services.demo import build_demo, open_fresh_store
from lamplighter.services.unit_of_work import UnitOfWork

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[3] / "test-output" / "screenshots"
DEMO_HISTORY_DAYS = 120


@dataclass(frozen=True)
class LiveDemo:
    base_url: str
    keys: dict[Role, str]
    pick_list_id: int
    rack_zones: tuple[str, ...]
    today: str  # the demo's date, ISO


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def live_demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveDemo]:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install Debian's chromium (make install / .ci/run do)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    url = f"sqlite:///{tmp_path_factory.mktemp('live') / 'demo.sqlite'}"
    uow = open_fresh_store(url)
    params = DemoParams(history_days=DEMO_HISTORY_DAYS)
    build_demo(uow, params)
    released = waves.release_wave(
        uow, waves.WaveRequest(max_orders=24, search_seconds=0.5, cart=CartCapacity(orders=4))
    )
    keys = {role: api_keys.create_key(uow, role, f"browser {role.value}").secret for role in Role}
    layout = locations.stored_layout(uow)
    assert layout is not None
    first_list = int(waves_first_list(uow, released.wave_id))
    port = _free_port()
    settings = ApiSettings(database_url=url, host="127.0.0.1", port=port)
    app = create_app(settings, engine=make_engine(url))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start in 20 s")
        time.sleep(0.05)
    try:
        yield LiveDemo(
            f"http://127.0.0.1:{port}",
            keys,
            first_list,
            tuple(z.code for z in layout.zones if not z.is_area),
            params.today.isoformat(),
        )
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def waves_first_list(uow: UnitOfWork, wave_id: int) -> int:
    for row in picking.wave_summaries(uow):
        if row["wave"] == wave_id:
            return int(str(row["pick_lists"]).split(",")[0])
    raise AssertionError(f"wave {wave_id} has no pick list")


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory: pytest.TempPathFactory, live_demo: LiveDemo) -> Iterator[BrowserContext]:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    profile = tmp_path_factory.mktemp("chromium-profile")  # a fresh user-data dir per session
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": 1366, "height": 900},
        )
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def page(browser_context: BrowserContext) -> Iterator[Page]:
    browser_context.clear_cookies()
    page = browser_context.new_page()
    # The machine may be busy (a wave release or a plan takes seconds): be patient, not flaky.
    page.set_default_timeout(60_000)
    expect.set_options(timeout=30_000)
    try:
        yield page
    finally:
        page.close()


def log_in(page: Page, demo: LiveDemo, role: Role, next_path: str = "/") -> None:
    """Log in through the form with the key of ``role`` and land on ``next_path``."""
    page.goto(f"{demo.base_url}/login?next={next_path}")
    page.fill("#api_key", demo.keys[role])
    page.click("#log-in")
    page.wait_for_url(f"{demo.base_url}{next_path}")


def screenshot(page: Page, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
