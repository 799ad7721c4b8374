"""`python -m bench.login_flood`: 80 concurrent wrong Seller Center sign-ins against a real server.

The audit's finding 4: 80 concurrent wrong logins took the server from 175 MiB to 1,139 MiB
(Argon2 takes 64 MiB each) with 8.9 s latency. Per variant this starts uvicorn (the production
factory, one worker, loopback) on a fresh SQLite database, opens one session per attempt (the
sign-in form's CSRF token), fires every attempt at once from threads, and reports the server's
resident memory (idle, and peak = the kernel's VmHWM) and the latency of the attempts.

Variants: the code at `--baseline-ref` (default `main`, exported with `git archive` to var/, so
before and after run on one machine in one run); this tree with its default limits; and this
tree with the sign-in limits lifted, so every attempt reaches the password check and only the
bound on concurrent Argon2 checks is left. Each attempt uses its own unknown e-mail (the check
still runs, against a dummy hash), so no account is locked. Results: bench/results/login-flood.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx

from bench.api.server import HOST, free_port, stop

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "var" / "bench" / "login-flood"
RESULTS = ROOT / "bench" / "results" / "login-flood.json"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
LIFTED = {
    "FAIRMARKET_LOGIN_RATE_LIMIT_PER_IP": "100000/minute",
    "FAIRMARKET_LOGIN_RATE_LIMIT_PER_ACCOUNT": "100000/minute",
}


@dataclass
class Variant:
    name: str
    source: Path  # the folder holding the `fairmarket` package to run
    env: dict[str, str] = field(default_factory=dict)


@dataclass
class Outcome:
    variant: str
    attempts: int
    statuses: dict[str, int]
    idle_rss_mib: float
    peak_rss_mib: float
    p50_ms: float
    p95_ms: float
    max_ms: float
    wall_s: float


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.login_flood", description=__doc__)
    parser.add_argument("--attempts", type=int, default=80, help="concurrent wrong sign-ins")
    parser.add_argument("--baseline-ref", default="main", help="git ref of the code before")
    parser.add_argument("--skip-baseline", action="store_true")
    args = parser.parse_args(argv)
    if not 1 <= args.attempts <= 400:
        parser.error("--attempts must be 1..400")
    return args


def exported_source(ref: str) -> Path:
    """`src/` of `ref`, exported under var/ (the working tree is not touched)."""
    target = WORK / f"src-{re.sub(r'[^A-Za-z0-9._-]', '_', ref)}"
    subprocess.run(["rm", "-rf", str(target)], check=True)
    target.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", ref, "src"], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target / "src"


def server_env(variant: Variant, database: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "PYTHONPATH": str(variant.source),
        "FAIRMARKET_DATABASE_URL": f"sqlite:///{database}",
        "FAIRMARKET_EMBEDDED_WORKER": "false",
        "FAIRMARKET_MODE": "development",
        **variant.env,
    }
    env.pop("FAIRMARKET_QUEUE", None)
    return env


def start_server(variant: Variant) -> tuple[subprocess.Popen[bytes], str]:
    database = WORK / f"{variant.name}.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    env = server_env(variant, database)
    cli = "from fairmarket.entrypoints.cli.main import main; main()"
    subprocess.run([sys.executable, "-c", cli, "db", "upgrade"], env=env, check=True)
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "--factory"]
    command += ["fairmarket.entrypoints.server:build_application", "--host", HOST]
    command += ["--port", str(port), "--no-access-log", "--log-level", "warning"]
    log = (WORK / f"{variant.name}.log").open("wb")
    process = subprocess.Popen(
        command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    base_url = f"http://{HOST}:{port}"
    wait_ready(process, base_url)
    return process, base_url


def wait_ready(process: subprocess.Popen[bytes], base_url: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}; see {WORK}")
        try:
            if httpx.get(f"{base_url}/seller/login", timeout=2.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"the server was not ready after {timeout:.0f} s; see {WORK}")


def rss_mib(pid: int, field_name: str) -> float:
    """VmRSS (now) or VmHWM (peak since start) of a process, in MiB."""
    status = Path(f"/proc/{pid}/status").read_text()
    match = re.search(rf"^{field_name}:\s+(\d+) kB", status, re.MULTILINE)
    return round(int(match.group(1)) / 1024, 1) if match else 0.0


def signed_out_sessions(base_url: str, count: int) -> list[tuple[httpx.Client, str]]:
    """One client per attempt, each with its session cookie and CSRF token (fetched calmly)."""
    sessions = []
    for _ in range(count):
        client = httpx.Client(base_url=base_url, timeout=60.0)
        token = CSRF.search(client.get("/seller/login").text)
        assert token, "the sign-in page has no CSRF field"
        sessions.append((client, token.group(1)))
    return sessions


def flood(base_url: str, attempts: int) -> tuple[list[float], list[int], float]:
    """Every attempt at once (released together); returns latencies (ms), statuses, wall (s)."""
    sessions = signed_out_sessions(base_url, attempts)
    start_line = threading.Barrier(attempts)

    def attempt(index: int) -> tuple[float, int]:
        client, token = sessions[index]
        form = {"email": f"nobody{index}@flood.example", "password": "wrong", "csrf_token": token}
        start_line.wait()
        started = time.perf_counter()
        status = client.post("/seller/login", data=form).status_code
        return (time.perf_counter() - started) * 1000, status

    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=attempts) as pool:
        results = list(pool.map(attempt, range(attempts)))
    wall = time.perf_counter() - began
    for client, _ in sessions:
        client.close()
    return [r[0] for r in results], [r[1] for r in results], wall


def run_variant(variant: Variant, attempts: int) -> Outcome:
    process, base_url = start_server(variant)
    try:
        idle = rss_mib(process.pid, "VmRSS")
        latencies, statuses, wall = flood(base_url, attempts)
        peak = rss_mib(process.pid, "VmHWM")
    finally:
        stop(process)
    ordered = sorted(latencies)
    return Outcome(
        variant=variant.name,
        attempts=attempts,
        statuses={str(s): statuses.count(s) for s in sorted(set(statuses))},
        idle_rss_mib=idle,
        peak_rss_mib=peak,
        p50_ms=round(statistics.median(ordered), 1),
        p95_ms=round(ordered[int(0.95 * (len(ordered) - 1))], 1),
        max_ms=round(ordered[-1], 1),
        wall_s=round(wall, 2),
    )


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    load_before = os.getloadavg()[0]
    WORK.mkdir(parents=True, exist_ok=True)
    variants = [] if args.skip_baseline else [Variant("before", exported_source(args.baseline_ref))]
    variants += [
        Variant("after_default_limits", ROOT / "src"),
        Variant("after_sign_in_limits_lifted", ROOT / "src", LIFTED),
    ]
    outcomes = [run_variant(variant, args.attempts) for variant in variants]
    print(
        f"{'variant':30} {'statuses':24} {'idle MiB':>9} {'peak MiB':>9} "
        f"{'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'wall s':>7}"
    )
    for o in outcomes:
        print(
            f"{o.variant:30} {json.dumps(o.statuses):24} {o.idle_rss_mib:>9} "
            f"{o.peak_rss_mib:>9} {o.p50_ms:>8} {o.p95_ms:>8} {o.max_ms:>8} {o.wall_s:>7}"
        )
    RESULTS.write_text(
        json.dumps(
            {
                "when": datetime.now(UTC).isoformat(timespec="seconds"),
                "machine": {
                    "cpus": os.cpu_count(),
                    "python": platform.python_version(),
                    "load_average_before": load_before,
                },
                "baseline_ref": None if args.skip_baseline else args.baseline_ref,
                "outcomes": [asdict(o) for o in outcomes],
            },
            indent=1,
        )
        + "\n"
    )
    print(f"results: {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
