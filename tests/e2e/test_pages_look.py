"""Every page of Seller Center, the buyer pages and the Ops Console, looked at as a person
would, on a laptop (1366 px) and a phone (390 px): it must fit the phone's width with targets a
thumb can hit, pass axe-core,
show words rather than codes from the program, and draw without a console error; in Brazilian
Portuguese and Spanish no English label may be left. Screenshots of every page at both widths go
to var/test-output/screenshots (or $FAIRMARKET_SCREENSHOTS)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from playwright.sync_api import Browser, BrowserContext, Page, expect

from fairmarket.bootstrap import Container
from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.entrypoints.api.app import create_app
from tests.e2e import looking
from tests.e2e.marketplace import AGENT_EMAIL, AGENT_PASSWORD, Marketplace, Visit, populate, visits
from tests.support.live_server import running_server

pytestmark = pytest.mark.e2e

WIDTHS = {"laptop": (1366, 800), "phone": (390, 844)}
SCREENSHOTS = Path(os.environ.get("FAIRMARKET_SCREENSHOTS", "var/test-output/screenshots"))
LOCALE_ROOT = Path(__file__).parents[2] / "src" / "fairmarket" / "locale"
# Words that look like codes but are what a person reads (keep this tiny, say why).
ALLOWED_CODES: frozenset[str] = frozenset()
# Problems found and owned elsewhere, each with why it is still here. Like a strict xfail: the
# test fails when one stops happening, so the entry is removed as soon as it is fixed.
KNOWN_PROBLEMS = {
    "'already_shipped' needs a shipment": "the reject action's description comes from the "
    "journey table (after_sales/machines.py); the human labels table replaces it on the page",
}


@pytest.fixture
def app(container: Container) -> FastAPI:
    return create_app(container)


@pytest.fixture
def site(app: FastAPI) -> Iterator[str]:
    with running_server(app) as base_url:
        yield base_url


@pytest.fixture
def market(uow_factory: UnitOfWorkFactory) -> Marketplace:
    return populate(uow_factory)


def open_context(browser: Browser, locale: str = "en-US") -> BrowserContext:
    context = browser.new_context(viewport={"width": 1366, "height": 800}, locale=locale)
    context.set_default_timeout(10_000)
    looking.serve_axe(context)
    return context


def sign_in(page: Page, site: str, area: str, market: Marketplace) -> None:
    page.goto(f"{site}/{area}/login")
    if area == "buyer":
        page.locator("#api_key").fill(market.buyer_key)
    else:
        email, password = (
            (market.seller.email, market.seller.password)
            if area == "seller"
            else (AGENT_EMAIL, AGENT_PASSWORD)
        )
        page.locator("#email").fill(email)
        page.locator("#password").fill(password)
    page.locator("main form button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/login"))


def look(page: Page, listener: looking.Listener, site: str, visit: Visit, width: str) -> list[str]:
    """What is wrong with one page at one width (nothing: an empty list)."""
    response = page.goto(site + visit.path)
    status = response.status if response else None
    problems = [] if status == visit.status else [f"answered {status}, not {visit.status}"]
    page.wait_for_load_state("load")
    if width == "phone" and (too_wide := looking.overflow(page)):
        problems.append(f"does not fit a phone: {too_wide}")
    if width == "phone" and (small := looking.small_targets(page)):
        problems.append(f"too small to tap: {'; '.join(small)}")
    problems += looking.axe_violations(page)
    codes = looking.raw_codes(looking.readable_text(page), ALLOWED_CODES)
    if codes:
        problems.append(f"shows codes instead of words: {', '.join(codes)}")
    expected = f"the server responded with a status of {visit.status}"
    problems += [
        f"console: {message}"
        for message in listener.take()
        if visit.status == 200 or expected not in message  # an error page's own status
    ]
    slug = re.sub(r"[^a-z0-9]+", "-", visit.name.lower()).strip("-")
    page.screenshot(path=SCREENSHOTS / width / f"{visit.area}-{slug}.png", full_page=True)
    return problems


def test_every_page_fits_a_phone_passes_axe_and_shows_words_not_codes(
    browser: Browser, app: FastAPI, site: str, market: Marketplace
) -> None:
    pages = visits(app, market)
    problems: list[str] = []
    for area in ("seller", "buyer", "ops"):
        context = open_context(browser)
        try:
            page = context.new_page()
            listener = looking.Listener()
            listener.attach(page)
            ordered = sorted((v for v in pages if v.area == area), key=lambda v: not v.signed_out)
            signed_in = False
            for visit in ordered:  # the login page first, signed out; then the rest
                if not visit.signed_out and not signed_in:
                    sign_in(page, site, area, market)
                    listener.take()
                    signed_in = True
                for width, (w, h) in WIDTHS.items():
                    page.set_viewport_size({"width": w, "height": h})
                    found = look(page, listener, site, visit, width)
                    problems += [f"{visit.name} ({visit.path}) at {width}: {p}" for p in found]
        finally:
            context.close()

    (SCREENSHOTS / "problems.txt").write_text("".join(f"{p}\n" for p in problems))
    assert len(pages) >= 25, [v.path for v in pages]
    unknown = [p for p in problems if not any(known in p for known in KNOWN_PROBLEMS)]
    assert not unknown, f"{len(unknown)} problems (all in {SCREENSHOTS}/problems.txt):\n" + (
        "\n".join(unknown)
    )
    fixed = [known for known in KNOWN_PROBLEMS if not any(known in p for p in problems)]
    assert not fixed, f"fixed, remove from KNOWN_PROBLEMS: {fixed}"


def english_msgids_translated_in(locale_dir: Path) -> tuple[set[str], list[re.Pattern[str]]]:
    """The English texts this catalogue translates to something else: plain ones, and those with
    placeholders as patterns (`Offer %(amount)s` matches `Offer 5.00 USD`)."""
    from babel.messages.pofile import read_po  # noqa: PLC0415 - only once catalogues exist

    plain: set[str] = set()
    patterns: list[re.Pattern[str]] = []
    for po_file in sorted(locale_dir.glob("LC_MESSAGES/*.po")):
        with po_file.open("rb") as handle:
            catalogue = read_po(handle)
        for message in catalogue:
            if not message.id or not isinstance(message.id, str):
                continue
            if not message.string or message.string == message.id:
                continue
            if "%(" in message.id:
                parts = re.split(r"%\(\w+\)[sd]", message.id)
                if re.search(r"[A-Za-z]{2}", "".join(parts)):  # words, not only placeholders
                    patterns.append(re.compile(".+?".join(re.escape(p) for p in parts)))
            else:
                plain.add(message.id)
    return plain, patterns


@pytest.mark.parametrize(("catalogue", "language"), [("pt_BR", "pt-BR"), ("es", "es")])
def test_no_english_label_is_left_on_any_page_in_another_language(
    browser: Browser, app: FastAPI, site: str, market: Marketplace, catalogue: str, language: str
) -> None:
    locale_dir = LOCALE_ROOT / catalogue
    if not locale_dir.is_dir():
        pytest.xfail(f"no {catalogue} catalogue is registered yet (src/fairmarket/locale/)")
    plain, patterns = english_msgids_translated_in(locale_dir)
    assert plain or patterns, f"the {catalogue} catalogue translates nothing"
    left: list[str] = []
    pages = visits(app, market)
    for area in ("seller", "buyer", "ops"):
        context = open_context(browser, locale=language)
        try:
            page = context.new_page()
            sign_in(page, site, area, market)
            for visit in (v for v in pages if v.area == area and not v.signed_out):
                page.goto(site + visit.path)
                english = {
                    text
                    for text in looking.readable_text(page)
                    if text in plain or any(p.fullmatch(text) for p in patterns)
                }
                left += [f"{visit.name} ({visit.path}): {text!r}" for text in sorted(english)]
        finally:
            context.close()

    assert left == [], f"English left in {language}:\n" + "\n".join(left)
