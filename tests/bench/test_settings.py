"""The benchmark is on its own side: only the BENCHMARK_FLOOR setting
(bench/run.py) installs the bench app and routes /bench/floor."""

import runpy

import pytest
from django.apps import apps
from django.core.management import get_commands
from django.urls import get_resolver

import participation.settings
from participation import views

pytestmark = pytest.mark.django_db


def test_production_settings_neither_install_nor_route_the_benchmark(monkeypatch):
    monkeypatch.delenv("BENCHMARK_FLOOR", raising=False)
    production = runpy.run_path(participation.settings.__file__)
    assert "bench" not in production["INSTALLED_APPS"]
    assert production["ROOT_URLCONF"] == "participation.urls"


def test_with_the_setting_off_there_is_no_floor_and_no_command(client):
    assert client.get("/bench/floor").status_code == 404
    assert not apps.is_installed("bench")
    assert "generate_bench_data" not in get_commands()


def test_with_the_setting_on_the_floor_answers_and_the_command_is_there(
    benchmark_on, client
):
    response = client.get("/bench/floor")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert apps.is_installed("bench")
    assert get_commands()["generate_bench_data"] == "bench"


def test_the_bench_urlconf_keeps_the_portals_pages_and_error_pages(
    benchmark_on, client
):
    assert client.get("/healthz/live").status_code == 200
    assert client.get("/no-such-page/").status_code == 404
    resolver = get_resolver()
    assert resolver.resolve_error_handler(403) is views.error_403
    assert resolver.resolve_error_handler(404) is views.error_404
    assert resolver.resolve_error_handler(500) is views.error_500
