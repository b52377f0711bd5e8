from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmark as an app: `manage.py generate_bench_data` and the floor.

    Installed only while the BENCHMARK_FLOOR setting is on
    (participation/settings.py), which bench/run.py sets; never in production.
    """

    name = "bench"
    verbose_name = "Benchmark"
