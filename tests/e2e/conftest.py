"""A real server (tests/support/live_server.py) against the test database, and a real browser:
Debian's headless Chromium driven through Playwright."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from fairmarket.bootstrap import Container
from fairmarket.entrypoints.api.app import create_app
from tests.support.live_server import running_server

# Debian's chromium (see `make browser`); never a Playwright-downloaded build.
CHROMIUM = os.environ.get("FAIRMARKET_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture
def live_server(container: Container) -> Iterator[str]:
    with running_server(create_app(container)) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()
