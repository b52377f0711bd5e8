"""Targets, and the report as JSON and as a table people can read."""

import json
from pathlib import Path

NOISE = 0.10  # others' share of the CPU above which a page's figures are flagged
# The targets of issue 14 ("A large department on the portal"), at 8 users
# and 2 gunicorn workers on the one machine.
TARGETS = {
    "p95_ms": 100,  # every page, at every scale
    "queries": 12,  # and the same at scale 1 and 10
    "scale_p95_factor": 1.2,  # scale 10's p95 over scale 1's
    "cheapest_floor_ratio": 0.4,  # the layout-only page, of the floor's req/s
    "peer_ratio": 2.0,  # the review queue over the admin changelist, req/s
}
CHEAPEST = "layout only"
PEER = ("review queue", "admin: posts awaiting review")


def misses(row: dict, baseline: dict | None) -> list[str]:
    """Which targets the page misses; empty when it meets them all.
    `baseline`: the same page at scale 1, when this is a larger scale."""
    found = []
    if row.get("errors"):
        failed = ", ".join(f"{n} × {status}" for status, n in row["errors"].items())
        found.append(f"failed requests ({failed}; 0 is no answer)")
    if "p95_ms" not in row:
        return found or ["no successful requests"]
    if row["p95_ms"] > TARGETS["p95_ms"]:
        found.append(f"p95 {row['p95_ms']:.0f} ms > {TARGETS['p95_ms']} ms")
    if row["name"] == CHEAPEST and row["floor_ratio"] < TARGETS["cheapest_floor_ratio"]:
        found.append(
            f"{row['floor_ratio']:.2f} of the floor < {TARGETS['cheapest_floor_ratio']}"
        )
    if row["queries"] > TARGETS["queries"]:
        found.append(f"{row['queries']} queries > {TARGETS['queries']}")
    if baseline is not None:
        if row["queries"] != baseline["queries"]:
            found.append(
                f"queries {baseline['queries']} at scale 1, {row['queries']} here"
            )
        if baseline.get("p95_ms"):  # a page that failed at scale 1 has none
            factor = row["p95_ms"] / baseline["p95_ms"]
            row["p95_vs_scale_1"] = round(factor, 2)
            if factor > TARGETS["scale_p95_factor"]:
                found.append(f"p95 {factor:.1f}× scale 1's")
    return found


def peer_misses(rows: list[dict]) -> None:
    """The review queue against the admin changelist on the same data: its
    ratio goes in the queue's row, and a miss when under the target."""
    by_name = {row["name"]: row for row in rows}
    queue, admin = (by_name.get(name, {}) for name in PEER)
    if not (queue.get("requests_per_second") and admin.get("requests_per_second")):
        return
    ratio = queue["requests_per_second"] / admin["requests_per_second"]
    queue["peer_ratio"] = round(ratio, 2)
    if ratio < TARGETS["peer_ratio"]:
        queue["misses"].append(
            f"{ratio:.1f}× the admin changelist's req/s < {TARGETS['peer_ratio']}"
        )


def why(row: dict) -> str:
    """Where the time goes, from the in-process pass: SQL or Python."""
    if "ms" not in row:
        return ""
    counts = row["queries_by_user"]
    varying = (
        f"; queries vary between users ({min(counts)}-{max(counts)})"
        if len(set(counts)) > 1
        else ""
    )
    share = row["sql_ms"] / row["ms"] if row["ms"] else 0
    if share >= 0.5:
        return (
            f"SQL: {row['sql_ms']:.0f} of {row['ms']:.0f} ms in-process, slowest "
            f"query {row['slowest_query_ms']:.0f} ms{varying}"
        )
    return (
        f"Python: {row['ms'] - row['sql_ms']:.0f} of {row['ms']:.0f} ms in-process "
        f"outside SQL (ORM objects, template), {row['bytes'] // 1024} KiB page{varying}"
    )


def table(result: dict) -> str:
    scale_10 = any("p95_vs_scale_1" in r for r in result["pages"])
    head = "| page | as | req/s | p50 ms | p95 ms | p99 ms | queries | of floor |"
    head += " p95 vs scale 1 |" if scale_10 else ""
    lines = [head + " misses |", "|" + "---|" * (head.count("|") - 1 + 1)]
    floor = result["floor"]
    lines.append(
        f"| floor (`/bench/floor`) | anonymous | {floor['requests_per_second']} | "
        f"{floor['p50_ms']} | {floor['p95_ms']} | {floor['p99_ms']} | "
        f"{floor['queries']} | 1.00 |" + (" |" if scale_10 else "") + " |"
    )
    for r in result["pages"]:
        if r.get("skipped"):
            continue
        cells = [
            r["name"],
            r["role"],
            r.get("requests_per_second", "-"),
            r.get("p50_ms", "-"),
            r.get("p95_ms", "-"),
            r.get("p99_ms", "-"),
            r["queries"],
            f"{r.get('floor_ratio', 0):.2f}",
        ]
        if scale_10:
            cells.append(r.get("p95_vs_scale_1", "-"))
        cells.append("; ".join(r["misses"]) or "none")
        lines.append("| " + " | ".join(str(c) for c in cells) + " |")
    noisy = [
        f"{r['name']} ({r.get('others_cpu', 0):.0%} others, "
        f"{r.get('steal_cpu', 0):.0%} stolen)"
        for r in [{"name": "floor", **floor}, *result["pages"]]
        if r.get("others_cpu", 0) > NOISE or r.get("steal_cpu", 0) > NOISE / 2
    ]
    client = floor.get("one_more_client_thread")
    if client:
        lines.append(
            f"\nThe client (wrk) used {floor.get('client_cpu', 0):.0%} of the machine "
            f"on the floor with {_threads(floor.get('client_threads'))}; with "
            f"{_threads(client['client_threads'])} the floor moved by "
            f"{client['change']:+.1%} ({client['requests_per_second']} requests/s)."
        )
    if plain := floor.get("plain_wrk"):
        lines.append(
            f"wrk alone (no script, {result['run']['concurrent_users']} connections) "
            f"on the floor just after: {plain['requests_per_second']} requests/s; "
            f"the harness's floor is {plain['ratio']:.0%} of it."
        )
    if noisy:
        lines.append(
            "\nMeasured while other processes used the CPU (share of the machine "
            "during the page; trust these figures less): " + ", ".join(noisy)
        )
    return "\n".join(lines)


def _threads(n) -> str:
    return f"{n} thread{'' if n == 1 else 's'}"


def write(result: dict, directory: Path) -> tuple[Path, Path]:
    directory.mkdir(exist_ok=True)
    stem = f"pages-scale{result['scale']:g}"
    as_json = directory / f"{stem}.json"
    as_json.write_text(json.dumps(result, indent=2) + "\n")
    as_table = directory / f"{stem}.md"
    as_table.write_text(table(result) + "\n")
    return as_json, as_table
