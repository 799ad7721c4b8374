"""The real server in its own process group; CPU accounting for it, PostgreSQL and the machine."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

HOST = "127.0.0.1"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    workers: int
    log: Path

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def command(self) -> list[str]:
        return [str(a) for a in self.process.args]  # type: ignore[union-attr]


def server_command(port: int, workers: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        "fairmarket.entrypoints.server:build_application",
        "--host",
        HOST,
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--no-access-log",
        "--log-level",
        "warning",
    ]


@contextmanager
def running_server(
    database_url: str, *, workers: int, log_dir: Path, probe_path: str, probe_key: str
) -> Iterator[Server]:
    """Start uvicorn (the production factory) and always stop it, also on Ctrl-C and errors."""
    port = free_port()
    env = dict(os.environ)
    env.update(
        FAIRMARKET_DATABASE_URL=database_url,
        FAIRMARKET_EMBEDDED_WORKER="false",
        FAIRMARKET_MODE="development",
        # Every request is still counted (the limiter's cost is in the numbers), but the bench's
        # one seller key must not be refused at the default 100 requests per 10 seconds.
        FAIRMARKET_API_RATE_LIMIT="1000000/10 seconds",
    )
    log_dir.mkdir(parents=True, exist_ok=True)
    log = log_dir / f"server-{workers}w.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            server_command(port, workers),
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server(process, port, workers, log)
    try:
        _wait_ready(server, probe_path, probe_key)
        yield server
    finally:
        stop(process)


def _wait_ready(server: Server, path: str, key: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    headers = {"Authorization": f"Bearer {key}"}
    last = ""
    with httpx.Client(base_url=server.base_url, timeout=5.0) as client:
        while time.monotonic() < deadline:
            if server.process.poll() is not None:
                raise RuntimeError(
                    f"server exited with {server.process.returncode}; see {server.log}:\n"
                    + server.log.read_text(errors="replace")[-2000:]
                )
            try:
                # Every worker must answer: probe more times than there are workers.
                ok = sum(
                    client.get(path, headers=headers).status_code == 200
                    for _ in range(4 * server.workers)
                )
                if ok == 4 * server.workers:
                    return
                last = f"{ok} of {4 * server.workers} probes answered 200"
            except httpx.HTTPError as error:
                last = repr(error)
            time.sleep(0.3)
    raise RuntimeError(f"server not ready after {timeout:.0f} s ({last}); see {server.log}")


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM the server's process group, then SIGKILL it if it lingers."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)
    except ProcessLookupError:
        pass


# --- CPU accounting (Linux /proc) -------------------------------------------------------------


def _proc_stat(pid: int) -> tuple[str, int, int, float] | None:
    """(comm, ppid, pgid, cpu seconds) of a process, or None if it is gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    comm = raw[raw.index("(") + 1 : raw.rindex(")")]
    fields = raw[raw.rindex(")") + 2 :].split()
    utime, stime = int(fields[11]), int(fields[12])
    return comm, int(fields[1]), int(fields[2]), (utime + stime) / CLOCK_TICKS


def cpu_snapshot(server_pgid: int | None) -> dict[str, dict[int, float]]:
    """CPU seconds so far of the server's processes, PostgreSQL's, and the whole machine."""
    groups: dict[str, dict[int, float]] = {"server": {}, "postgres": {}}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        stat = _proc_stat(int(entry))
        if stat is None:
            continue
        comm, _ppid, pgid, seconds = stat
        if server_pgid is not None and pgid == server_pgid:
            groups["server"][int(entry)] = seconds
        elif comm == "postgres":
            groups["postgres"][int(entry)] = seconds
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    values = [int(v) for v in fields]
    idle = values[3] + values[4]
    total = sum(values[:8])
    groups["machine"] = {0: (total - idle) / CLOCK_TICKS, 1: total / CLOCK_TICKS}
    return groups


def cpu_used(
    before: dict[str, dict[int, float]], after: dict[str, dict[int, float]], wall: float
) -> dict[str, float]:
    """Cores used on average over `wall` seconds, by group (1.0 = one core fully busy)."""
    used: dict[str, float] = {}
    for group in ("server", "postgres"):
        seconds = sum(v - before[group].get(pid, 0.0) for pid, v in after[group].items())
        used[f"{group}_cores"] = round(seconds / wall, 2)
    busy = after["machine"][0] - before["machine"][0]
    total = after["machine"][1] - before["machine"][1]
    used["machine_busy_pct"] = round(100 * busy / total, 1) if total else 0.0
    return used
