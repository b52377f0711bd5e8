import runpy

import pytest

import participation.settings


@pytest.fixture
def benchmark_on(settings, monkeypatch):
    """The settings bench/run.py gives its own processes: participation/settings.py
    read afresh with BENCHMARK_FLOOR on, its benchmark switches applied here."""
    monkeypatch.setenv("BENCHMARK_FLOOR", "true")
    switched = runpy.run_path(participation.settings.__file__)
    settings.INSTALLED_APPS = switched["INSTALLED_APPS"]
    settings.ROOT_URLCONF = switched["ROOT_URLCONF"]
    return settings
