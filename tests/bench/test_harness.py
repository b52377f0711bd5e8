"""The load run's own parts that need no server: the floor view, the
summary of samples, and which targets a page misses."""

from django.test import RequestFactory

from bench.load import Sample, summarise
from bench.report import misses
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
    found = misses(_row(p95_ms=120, floor_ratio=0.2, queries=16), None)
    assert len(found) == 3


def test_scale_10_is_held_to_scale_1s_figures():
    baseline = _row(p95_ms=40)
    assert misses(_row(p95_ms=59), baseline) == []
    found = misses(_row(p95_ms=61, queries=11), baseline)
    assert len(found) == 2
