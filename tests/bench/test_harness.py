"""The load run's own parts that need no server: the floor view, the
summary of samples, and which targets a page misses."""

from django.test import RequestFactory

from bench.load import Sample, summarise
from bench.report import misses, peer_misses
from bench.views import floor


def test_floor_makes_one_trivial_query(db, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = floor(RequestFactory().get("/bench/floor"))
    assert response.status_code == 200


def test_summary_counts_failures_and_percentiles():
    samples = [Sample(i * 0.01, 0.001 * (i + 1), 200) for i in range(100)]
    samples.append(Sample(1.0, 0.5, 0))
    summary = summarise(samples)
    assert summary["errors"] == {"0": 1}
    assert summary["p50_ms"] == 50.5
    assert summary["p99_ms"] >= summary["p95_ms"] >= summary["p50_ms"]


def _row(**fields):
    return {
        "name": "home",
        "p95_ms": 50,
        "floor_ratio": 0.5,
        "queries": 10,
        "queries_by_user": [10],
        "errors": {},
        **fields,
    }


def test_a_page_within_every_target_misses_none():
    assert misses(_row(), None) == []


def test_each_missed_target_is_named():
    found = misses(_row(p95_ms=120, queries=13), None)
    assert found == ["p95 120 ms > 100 ms", "13 queries > 12"]


def test_only_the_cheapest_page_is_held_to_a_share_of_the_floor():
    assert misses(_row(floor_ratio=0.1), None) == []
    found = misses(_row(name="layout only", floor_ratio=0.3), None)
    assert found == ["0.30 of the floor < 0.4"]


def test_scale_10_is_held_to_scale_1s_figures():
    baseline = _row(p95_ms=40)
    assert misses(_row(p95_ms=48), baseline) == []
    found = misses(_row(p95_ms=49, queries=11), baseline)
    assert found == ["queries 10 at scale 1, 11 here", "p95 1.2× scale 1's"]


def test_a_page_that_failed_at_scale_1_is_still_reported_at_scale_10():
    failed = {"name": "home", "queries": 10, "errors": {"500": 3}}
    assert misses(_row(), failed) == []


def test_the_review_queue_is_held_to_twice_the_admin_changelist():
    queue = {**_row(name="review queue", requests_per_second=30), "misses": []}
    admin = _row(name="admin: posts awaiting review", requests_per_second=20)

    peer_misses([queue, admin])

    assert queue["peer_ratio"] == 1.5
    assert queue["misses"] == ["1.5× the admin changelist's req/s < 2.0"]
