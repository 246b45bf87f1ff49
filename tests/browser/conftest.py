"""Browser fixtures: Debian's Chromium driven by Playwright against live servers.

Servers run in threads on free loopback ports: the public site (English, Arabic
and Polish) and a console host on the same database. Every tab records its
network requests and console messages; a test fails on any request to another
host or any console error. Helpers live in chromium.py, live_server.py,
visit.py, tab.py and site.py.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest

from saferoute import create_app
from saferoute.i18n import KNOWN
from tests.apps import build_app, make_instance
from tests.staff_support import CHEAP_PASSWORDS, PASSWORD, make_request, make_user

from .chromium import CHROMIUM, CHROMIUM_ARGS, DESKTOP, PHONE
from .live_server import LiveServer
from .site import BROWSER_SETTINGS
from .tab import Tab
from .visit import STAND_IN, Visit, cdp, watch

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    instance = make_instance(tmp_path_factory.mktemp("browser") / "instance")
    return build_app(instance, BROWSER_SETTINGS)


@pytest.fixture(scope="session")
def live_server(live_app):
    with LiveServer(live_app) as server:
        yield server


@pytest.fixture(scope="session")
def every_language(tmp_path_factory):
    """A site serving all the languages (the shared one serves three), for what must hold in each."""
    app = build_app(
        make_instance(tmp_path_factory.mktemp("every-language") / "instance"),
        {"SAFEROUTE_LANGUAGES": " ".join(KNOWN), "SAFEROUTE_CALLBACK_RATE_LIMIT": "1000 per hour"},
    )
    with LiveServer(app) as server:
        yield SimpleNamespace(app=app, server=server)


@pytest.fixture(scope="session")
def console(live_app):
    """The console host: its own app and server, on the public site's database."""
    settings = live_app.config["SAFEROUTE"]
    instance = settings.secret_key_file.parent
    staff_settings = dataclasses.replace(settings, staff_enabled=True, private_key_file=instance / "hub_private.key")
    app = create_app({"TESTING": True, "STAFF_QUEUE_REFRESH_SECONDS": 2, **CHEAP_PASSWORDS}, settings=staff_settings)
    with LiveServer(app) as server:
        yield app, server


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def contexts(browser):
    """Browser contexts by the options they were opened with, kept for the session: a new context costs
    the machine as much as three page loads, a new tab in one a third of that."""
    opened: dict[str, object] = {}
    yield opened
    for context in opened.values():
        context.close()


@pytest.fixture
def open_tab(contexts, browser, live_server):
    """open_tab(javascript=True, viewport=PHONE, stand_in=False, own=False, **context_options) -> Visit.

    A new tab, with nothing kept from an earlier test: no cookie but those of the storage_state asked
    for, no web storage, its own history. With stand_in, every request to another host is answered by
    a local stand-in page (and still recorded), so exit tests run offline.
    """
    pages = []
    owned: list[str] = []

    def _open(
        javascript: bool = True,
        viewport: dict | None = None,
        stand_in: bool = False,
        server=live_server,
        own: bool = False,
        **options,
    ) -> Visit:
        viewport = viewport or PHONE
        key = repr((javascript, sorted(viewport.items()), stand_in, server.url, sorted(options.items())))
        if own:  # a context of its own, for a test that changes it (its clock, say)
            key = f"{key} own {id(owned)} {len(owned)}"
            owned.append(key)
        if key not in contexts:
            context = browser.new_context(java_script_enabled=javascript, viewport=viewport, **options)
            if stand_in:
                context.route(
                    lambda url: urlsplit(url).netloc != urlsplit(server.url).netloc,
                    lambda route: route.fulfill(status=200, content_type="text/html", body=STAND_IN),
                )
            contexts[key] = context
        context = contexts[key]
        page = context.new_page()
        pages.append(page)
        cdp(page).send("Storage.clearDataForOrigin", {"origin": server.url, "storageTypes": "all"})
        context.clear_cookies()
        if "storage_state" in options:
            context.add_cookies(options["storage_state"]["cookies"])
        return watch(page, server.url, javascript)

    yield _open
    for page in pages:
        page.close()
    for key in owned:
        contexts.pop(key).close()


@pytest.fixture(scope="session")
def reused_tab(browser, live_server):
    """reused_tab(javascript=True, viewport=PHONE) -> Visit: one tab for each way of looking, opened once and
    started afresh for each test (nothing recorded, no cookie or storage, no emulated media, its own size).

    For the page sweeps, where a new tab would cost as much as three page loads.
    """
    opened: dict[tuple, Visit] = {}

    def _reused(javascript: bool = True, viewport: dict | None = None) -> Visit:
        viewport = viewport or PHONE
        key = (javascript, viewport["width"], viewport["height"])
        if key not in opened:
            context = browser.new_context(java_script_enabled=javascript, viewport=viewport)
            opened[key] = watch(context.new_page(), live_server.url, javascript)
        visit = opened[key]
        if visit.page.viewport_size != viewport:  # a test resized it to see the page at another width
            visit.page.set_viewport_size(viewport)
        visit.page.emulate_media(reduced_motion="no-preference")
        visit.forget()
        return visit

    yield _reused
    for visit in opened.values():
        visit.page.context.close()


@pytest.fixture
def tab(open_tab, live_app):
    """tab(javascript=True, viewport=PHONE) -> Tab on the live server, other hosts answered by the stand-in."""

    def _tab(**kwargs) -> Tab:
        kwargs.setdefault("stand_in", True)
        visit = open_tab(own=True, **kwargs)  # its clock is the test's
        if kwargs.get("javascript", True):
            visit.page.clock.install()  # time flows as usual until a test stops it
        return Tab(visit, live_app, kwargs.get("javascript", True))

    return _tab


@pytest.fixture(scope="session")
def console_admin(browser, console):
    """A hub admin signed in once (the browser state to start a tab with) and a request in the queue."""
    app, server = console
    totp = make_user(app, "page-checker", admin=True, password=PASSWORD)
    now = datetime.now(UTC)
    request_id = make_request(app, [(now + timedelta(hours=1), now + timedelta(hours=3))])
    context = browser.new_context()
    page = context.new_page()
    page.goto(server.url + "/staff/sign-in")
    page.fill("#name", "page-checker")
    page.fill("#password", PASSWORD)
    page.fill("#code", totp.now())
    page.click("button[type=submit]")
    page.wait_for_url(server.url + "/staff/")
    state = context.storage_state()
    context.close()
    return SimpleNamespace(state=state, request_id=request_id)


@pytest.fixture
def console_tab(open_tab, console, request):
    """console_tab(viewport=DESKTOP, signed_in=False) -> Visit on the console host (signed in: as an admin)."""

    def _open(viewport: dict = DESKTOP, signed_in: bool = False) -> Visit:
        options = {"storage_state": request.getfixturevalue("console_admin").state} if signed_in else {}
        return open_tab(viewport=viewport, server=console[1], **options)

    return _open
