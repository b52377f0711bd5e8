"""The load itself: wrk (Debian's package), N connections, closed loop.

The harness's own Python client saturated before the floor did (issue 19:
1,447 requests/s against wrk's 2,679 on the same endpoint), so every share
of the floor it printed was too kind. wrk, in C, sends each connection's
next request as soon as the previous answer is read, on loopback, for the
time given; bench/wrk.lua spreads the virtual users' requests (their cookie,
their URLs) over its threads and reports percentiles as one line of JSON.
"""

import json
import os
import resource
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

WRK_SCRIPT = Path(__file__).resolve().parent / "wrk.lua"
# One wrk thread (an epoll loop) drives the 8 connections on a fraction of
# a core, leaving the rest to the server; bench/measure.py measures the floor
# again with one more thread to show the client is not the limit.
THREADS = 1


def wrk_path() -> str:
    """wrk, installed from Debian when missing and we may (as root)."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0:
        apt = ["apt-get", "-o", "DPkg::Lock::Timeout=600", "install", "-y", "-q", "wrk"]
        subprocess.run(  # noqa: S603 - Debian's own package manager
            apt,
            check=True,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
            capture_output=True,
        )
        if found := shutil.which("wrk"):
            return found
    raise SystemExit("The load run needs wrk: apt-get install wrk")


def run(host, port, users, *, seconds: float, threads: int = THREADS) -> dict:
    """users: one (urls, cookie) pair per virtual user, each a connection.
    Returns wrk's figures (see summarise) and the client's CPU share."""
    lines = [f"{cookie}\t{url}" for urls, cookie in users for url in urls]
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as listing:
        listing.write("\n".join(lines) + "\n")
    command = [
        wrk_path(),
        f"--threads={min(threads, len(users))}",
        f"--connections={len(users)}",
        f"--duration={max(1, round(seconds))}s",
        "--timeout=60s",
        f"--script={WRK_SCRIPT}",
        f"http://{host}:{port}",
        "--",
        listing.name,
    ]
    before, started = resource.getrusage(resource.RUSAGE_CHILDREN), time.monotonic()
    try:
        finished = subprocess.run(  # noqa: S603 - wrk, with our own arguments
            command, check=True, capture_output=True, text=True
        )
    finally:
        os.unlink(listing.name)
    after, elapsed = resource.getrusage(resource.RUSAGE_CHILDREN), time.monotonic()
    used = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    last = [line for line in finished.stdout.splitlines() if line.startswith("{")]
    return {
        **summarise(json.loads(last[-1])),
        "client_threads": min(threads, len(users)),
        # The client's share of the whole machine while it ran.
        "client_cpu": round(used / ((elapsed - started) * (os.cpu_count() or 1)), 2),
    }


def plain_wrk(host, port, path: str, *, connections: int, seconds: float) -> float:
    """Requests per second of wrk alone (no script, 2 threads) on one path:
    the yardstick the harness's own figure for the floor is held to."""
    finished = subprocess.run(  # noqa: S603 - wrk, with our own arguments
        [
            wrk_path(),
            "--threads=2",
            f"--connections={connections}",
            f"--duration={max(1, round(seconds))}s",
            f"http://{host}:{port}{path}",
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    line = next(x for x in finished.stdout.splitlines() if x.startswith("Requests/sec"))
    return float(line.split(":")[1])


def summarise(wrk: dict) -> dict:
    """Requests per second (answers that were not errors, over the run) and
    latency percentiles in milliseconds, from wrk.lua's line of JSON."""
    failed = {
        name: wrk[key]
        for name, key in (
            ("4xx or 5xx", "status_errors"),
            ("no connection", "connect_errors"),
            ("read", "read_errors"),
            ("write", "write_errors"),
            ("timeout", "timeouts"),
        )
        if wrk[key]
    }
    seconds = wrk["duration_us"] / 1e6
    ok = wrk["requests"] - wrk["status_errors"]
    return {
        "requests": wrk["requests"],
        "errors": failed,
        "seconds": round(seconds, 2),
        "requests_per_second": round(ok / seconds, 1) if seconds else 0,
        "p50_ms": round(wrk["p50_us"] / 1000, 1),
        "p95_ms": round(wrk["p95_us"] / 1000, 1),
        "p99_ms": round(wrk["p99_us"] / 1000, 1),
    }


def _cpu_times() -> tuple[int, int]:
    with open("/proc/stat") as stat:
        fields = [int(x) for x in stat.readline().split()[1:]]
    idle = fields[3] + fields[4]  # idle and iowait
    return sum(fields) - idle, sum(fields)


def background_busy(seconds: float = 1.0) -> float:
    """Share of the machine's CPU busy while the benchmark itself is idle:
    anything well above zero means another job is running and the figures
    measured around it are not to be trusted."""
    busy_before, total_before = _cpu_times()
    time.sleep(seconds)
    busy_after, total_after = _cpu_times()
    return round((busy_after - busy_before) / max(1, total_after - total_before), 2)
