"""How long every page of Seller Center, the buyer pages and the Ops Console takes on the demo
marketplace: over HTTP (the server's time, on loopback) and in a real browser (Debian's
chromium through Playwright, navigation start to the load event). A benchmark, not a test:

    .venv/bin/python -m bench.pages.run                  # 20,000 demo orders, 30 + 15 samples
    .venv/bin/python -m bench.pages.run --orders 5000 --samples 10 --browser-samples 5
    .venv/bin/python -m bench.pages.run --reuse          # keep the generated database

The pages are the app's own GET routes of the three areas (entrypoints/web/pages.py), with ids
of the demo seller's, the demo buyer's and the Ops Console's data; the target is p99 <= 300 ms.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import secrets
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
from playwright.sync_api import BrowserContext, sync_playwright

from bench.api.server import HOST, free_port, server_command, stop
from bench.pages.data import Logins, demo_data

VAR = Path("var/bench")
RESULTS = Path("bench/results")
TARGET_P99_MS = 300.0
CHROMIUM = os.environ.get("FAIRMARKET_CHROMIUM", "/usr/bin/chromium")
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
NAVIGATION_MS = "() => performance.getEntriesByType('navigation')[0].duration"


@dataclass(frozen=True)
class Timing:
    area: str
    page: str
    path: str
    http_p50_ms: float
    http_p99_ms: float
    browser_p50_ms: float
    browser_p99_ms: float


def percentile(samples: list[float], share: float) -> float:
    """Nearest rank: the smallest sample with at least `share` of the samples at or below."""
    ordered = sorted(samples)
    return round(ordered[max(0, math.ceil(share * len(ordered)) - 1)], 1)


@contextmanager
def running_server(env: dict[str, str], log: Path) -> Iterator[str]:
    """The production factory under uvicorn, one worker, in its own process group."""
    port = free_port()
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as sink:
        process = subprocess.Popen(
            server_command(port, 1),
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base_url = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the server exited; see {log}")
            try:
                if httpx.get(f"{base_url}/seller/login", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start in 60 s; see {log}")
            time.sleep(0.3)
        yield base_url
    finally:
        stop(process)


def sign_in_http(client: httpx.Client, area: str, logins: Logins) -> None:
    page = client.get(f"/{area}/login")
    match = CSRF.search(page.text)
    assert match, f"no CSRF field on /{area}/login"
    response = client.post(
        f"/{area}/login",
        data={**logins.form(area), "csrf_token": match.group(1)},
        follow_redirects=False,
    )
    assert response.status_code == 303, f"signing in to {area} failed: {response.status_code}"


def time_http(
    base_url: str, area: str, logins: Logins, paths: list[str], samples: int
) -> Iterator[list[float]]:
    with httpx.Client(base_url=base_url, follow_redirects=True, timeout=30) as client:
        sign_in_http(client, area, logins)
        for path in paths:
            for _ in range(2):  # warm-up: templates compiled, caches filled
                client.get(path)
            times = []
            for _ in range(samples):
                started = time.perf_counter()
                response = client.get(path)
                times.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, f"{path} answered {response.status_code}"
            yield times


def sign_in_browser(context: BrowserContext, base_url: str, area: str, logins: Logins) -> None:
    page = context.new_page()
    page.goto(f"{base_url}/{area}/login")
    for name, value in logins.form(area).items():
        page.locator(f"#{name}").fill(value)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"^(?!.*/login)"))
    page.close()


def time_browser(
    context: BrowserContext, base_url: str, paths: list[str], samples: int
) -> Iterator[list[float]]:
    page = context.new_page()
    for path in paths:
        page.goto(base_url + path)  # warm-up: the stylesheet and scripts cached, as for a user
        times = []
        for _ in range(samples):
            page.goto(base_url + path, wait_until="load")
            times.append(float(page.evaluate(NAVIGATION_MS)))
        yield times
    page.close()


def measure(
    base_url: str,
    args: argparse.Namespace,
    logins: Logins,
    targets: dict[str, list[tuple[str, str]]],
) -> list[Timing]:
    timings: list[Timing] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            for area, pages in targets.items():
                paths = [path for _, path in pages]
                http = list(time_http(base_url, area, logins, paths, args.samples))
                context = browser.new_context(viewport={"width": 1366, "height": 800})
                sign_in_browser(context, base_url, area, logins)
                loads = list(time_browser(context, base_url, paths, args.browser_samples))
                context.close()
                for (name, path), server, load in zip(pages, http, loads, strict=True):
                    timings.append(
                        Timing(
                            area,
                            name,
                            path,
                            percentile(server, 0.5),
                            percentile(server, 0.99),
                            percentile(load, 0.5),
                            percentile(load, 0.99),
                        )
                    )
                    report_line(timings[-1])
        finally:
            browser.close()
    return timings


def report_line(timing: Timing) -> None:
    flag = "" if timing.browser_p99_ms <= TARGET_P99_MS else "  over the target"
    print(
        f"{timing.area:<6} {timing.page:<34} http {timing.http_p50_ms:7.1f} / "
        f"{timing.http_p99_ms:7.1f} ms   browser {timing.browser_p50_ms:7.1f} / "
        f"{timing.browser_p99_ms:7.1f} ms{flag}",
        flush=True,
    )


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orders", type=int, default=20_000, help="demo orders (default 20000)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--samples", type=int, default=30, help="HTTP samples per page")
    parser.add_argument("--browser-samples", type=int, default=15, help="loads per page")
    parser.add_argument("--reuse", action="store_true", help="keep a database generated before")
    parser.add_argument("--output", type=Path, default=RESULTS / "pages.json")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None, *, echo: Callable[[str], None] = print) -> int:
    args = parse(argv)
    database = VAR / f"pages-{args.seed}-{args.orders}.sqlite3"
    env = {
        **os.environ,
        "FAIRMARKET_DATABASE_URL": f"sqlite:///{database}",
        "FAIRMARKET_MODE": "sandbox",  # as `fairmarket demo` serves it: the sandbox banner too
        "FAIRMARKET_SECRET_KEY": os.environ.get("FAIRMARKET_SECRET_KEY")
        or secrets.token_urlsafe(48),
        "FAIRMARKET_EMBEDDED_WORKER": "false",
    }
    load_before = [round(load, 2) for load in os.getloadavg()]  # shared machines: say how busy
    echo(f"load average before: {load_before}")
    started = time.perf_counter()
    data = demo_data(env, database, orders=args.orders, seed=args.seed, reuse=args.reuse)
    echo(f"demo data ready in {time.perf_counter() - started:.0f} s ({database})")
    for skipped, why in data.skipped.items():
        echo(f"not timed: {skipped} ({why})")
    with running_server(env, VAR / "pages-server.log") as base_url:
        timings = measure(base_url, args, data.logins, data.targets)
    worst = max(timings, key=lambda t: t.browser_p99_ms)
    ok = worst.browser_p99_ms <= TARGET_P99_MS and all(
        t.http_p99_ms <= TARGET_P99_MS for t in timings
    )
    echo(
        f"slowest browser p99: {worst.page} {worst.browser_p99_ms} ms; target {TARGET_P99_MS:.0f} "
        f"ms: {'met' if ok else 'NOT met'}"
    )
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(
        json.dumps(
            {
                "when": datetime.now(UTC).isoformat(timespec="seconds"),
                "command": "python -m bench.pages.run " + " ".join(argv or sys.argv[1:]),
                "machine": {
                    "cpus": os.cpu_count(),
                    "python": platform.python_version(),
                    "load_average_before": load_before,
                },
                "orders": args.orders,
                "samples": {"http": args.samples, "browser": args.browser_samples},
                "target_p99_ms": TARGET_P99_MS,
                "met": ok,
                "skipped": data.skipped,
                "pages": [asdict(t) for t in timings],
            },
            indent=2,
        )
        + "\n"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
