"""A closed-loop HTTP load generator: N virtual users, each its own process.

No Django here: each user process imports only this module (spawned, so
nothing of the parent's database connections leaks in). Processes rather
than threads so that a thread waiting for the GIL never adds to a measured
latency. Each user sends its next request as soon as the previous answer is
read, on loopback, until the shared request budget or the time limit runs out.
"""

import http.client
import multiprocessing
import statistics
import time
from collections import Counter
from dataclasses import dataclass


@dataclass
class Sample:
    started: float
    seconds: float
    status: int


def _user(host, port, urls, cookie, budget, start_at, stop_at, results) -> None:
    connection = http.client.HTTPConnection(host, port, timeout=60)
    headers = {"Cookie": cookie} if cookie else {}
    samples = []
    while time.monotonic() < start_at:
        time.sleep(0.001)
    turn = 0
    while time.monotonic() < stop_at:
        with budget.get_lock():
            if budget.value <= 0:
                break
            budget.value -= 1
        url = urls[turn % len(urls)]
        turn += 1
        started = time.monotonic()
        try:
            connection.request("GET", url, headers=headers)
            response = connection.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            connection.close()
            status = 0
        samples.append((started, time.monotonic() - started, status))
    connection.close()
    results.put(samples)


def run(host, port, users, *, max_requests, max_seconds) -> list[Sample]:
    """users: one (urls, cookie) pair per virtual user. Returns every sample."""
    context = multiprocessing.get_context("spawn")
    budget = context.Value("l", max_requests)
    results = context.Queue()
    start_at = time.monotonic() + 0.5 + 0.05 * len(users)  # all spawned by then
    stop_at = start_at + max_seconds
    processes = [
        context.Process(
            target=_user,
            args=(host, port, urls, cookie, budget, start_at, stop_at, results),
        )
        for urls, cookie in users
    ]
    for process in processes:
        process.start()
    samples = [s for _ in processes for s in results.get(timeout=max_seconds + 120)]
    for process in processes:
        process.join()
    return [Sample(*sample) for sample in samples]


def summarise(samples: list[Sample]) -> dict:
    """Requests per second (successful answers over the measured span) and
    latency percentiles in milliseconds."""
    ok = [s for s in samples if s.status == 200]
    failed = Counter(str(s.status) for s in samples if s.status != 200)
    if len(ok) < 2:
        return {"requests": len(samples), "errors": dict(failed)}
    span = max(s.started + s.seconds for s in ok) - min(s.started for s in ok)
    cuts = statistics.quantiles(
        [s.seconds * 1000 for s in ok], n=100, method="inclusive"
    )
    return {
        "requests": len(samples),
        "errors": dict(failed),  # status (0: no answer) -> count
        "seconds": round(span, 2),
        "requests_per_second": round(len(ok) / span, 1),
        "p50_ms": round(cuts[49], 1),
        "p95_ms": round(cuts[94], 1),
        "p99_ms": round(cuts[98], 1),
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
