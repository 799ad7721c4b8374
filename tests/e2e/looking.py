"""Looking at a page the way a person does: what they can read, whether it fits the screen,
what axe-core says about it, and what the browser complained about while drawing it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import BrowserContext, ConsoleMessage, Page, Route

# Installed by `make axe` (the version is pinned in the Makefile), never committed.
AXE_SCRIPT = Path("var/axe/node_modules/axe-core/axe.min.js")
# Served as if from the page's own origin, so the page's CSP (script-src 'self') lets it run
# and the CSP stays on: a page breaking its own policy still shows up as a console error.
AXE_PATH = "/__tests__/axe.min.js"
# A code from the program, not a word: `partial_offered`, `item_not_as_claimed`, `amount_minor`.
RAW_CODE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
# Code-like text a person is meant to read as code: rule sources, keys, ids.
CODE_ELEMENTS = "pre, code, textarea, kbd, samp, script, style, [translate='no']"

READABLE_TEXT = """(codeElements) => {
  const texts = [document.title];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const element = walker.currentNode.parentElement;
    if (!element || element.closest(codeElements)) continue;
    if (!element.closest("select") && !element.checkVisibility()) continue;
    const text = walker.currentNode.textContent.replace(/\\s+/g, " ").trim();
    if (text) texts.push(text);
  }
  const attributes = ["placeholder", "aria-label", "title", "alt", "data-label"];
  for (const element of document.body.querySelectorAll("*")) {
    if (element.closest(codeElements)) continue;
    for (const name of attributes) {
      const value = (element.getAttribute(name) || "").trim();
      if (value) texts.push(value);
    }
    if (element.matches("input[type=submit], input[type=button]") && element.value) {
      texts.push(element.value);
    }
  }
  return texts;
}"""

OVERFLOW = """() => ({
  scrollWidth: document.documentElement.scrollWidth,
  innerWidth: window.innerWidth,
  widest: [...document.body.querySelectorAll("*")]
    .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
    .slice(-3)
    .map((e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
      + (typeof e.className === "string" && e.className
        ? "." + e.className.split(" ").join(".") : "")),
})"""

# On a phone: what a thumb aims at is at least 44 px tall (links inside sentences excepted).
SMALL_TARGETS = """() => [...document.querySelectorAll(
    "button, select, textarea, input:not([type=hidden]):not([type=checkbox]):not([type=radio]),"
    + " a.button, nav a, .tabs a, .pager a")]
  .filter((e) => e.checkVisibility() && e.getBoundingClientRect().height < 44)
  .slice(0, 5)
  .map((e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + " "
    + Math.round(e.getBoundingClientRect().height) + " px: "
    + (e.textContent || e.getAttribute("name") || "").trim().slice(0, 30))"""

RUN_AXE = """async () => {
  const results = await axe.run(document, { resultTypes: ["violations"] });
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
  }));
}"""


@dataclass
class Listener:
    """Console errors and uncaught exceptions of one page, since the last `take`."""

    errors: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def take(self) -> list[str]:
        taken, self.errors = self.errors, []
        return taken


def serve_axe(context: BrowserContext) -> None:
    script = AXE_SCRIPT.read_text(encoding="utf-8")

    def fulfill(route: Route) -> None:
        route.fulfill(status=200, body=script, content_type="text/javascript")

    context.route(f"**{AXE_PATH}", fulfill)


def readable_text(page: Page) -> list[str]:
    texts: list[str] = page.evaluate(READABLE_TEXT, CODE_ELEMENTS)
    return texts


def raw_codes(texts: list[str], allowed: frozenset[str] = frozenset()) -> list[str]:
    """Each code found, once, with the text it was found in."""
    found: dict[str, str] = {}
    for text in texts:
        for code in RAW_CODE.findall(text):
            if code not in allowed:
                found.setdefault(code, f"{code} in {text[:80]!r}")
    return [found[code] for code in sorted(found)]


def overflow(page: Page) -> str | None:
    """Why the page is wider than the window, or None when it fits."""
    measured: dict[str, Any] = page.evaluate(OVERFLOW)
    if measured["scrollWidth"] <= measured["innerWidth"]:
        return None
    return (
        f"{measured['scrollWidth']} px wide in a {measured['innerWidth']} px window "
        f"(past the edge: {', '.join(measured['widest'])})"
    )


def small_targets(page: Page) -> list[str]:
    targets: list[str] = page.evaluate(SMALL_TARGETS)
    return targets


def axe_violations(page: Page) -> list[str]:
    page.add_script_tag(url=AXE_PATH)
    violations: list[dict[str, Any]] = page.evaluate(RUN_AXE)
    return [
        f"axe {v['id']} ({v['impact']}): {v['help']} at {'; '.join(v['targets'])}"
        for v in violations
    ]
