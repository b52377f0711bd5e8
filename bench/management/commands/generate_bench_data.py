"""Fill an empty database with benchmark data (README, "Benchmarks")."""

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from bench.data import generate


class Command(BaseCommand):
    help = (
        "Fill an empty, migrated database with benchmark data: scale 1 is 50 "
        "organisations, 20,000 people, 5,000 communities, 200,000 posts with "
        "their history and 20,000 training assignments."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, scale, seed, **options):
        if scale <= 0:
            raise CommandError("--scale must be positive.")
        if User.objects.exists():
            raise CommandError(
                "The database already has people in it: benchmark data goes in "
                "an empty, migrated database of its own (bench/run.py makes one)."
            )
        counts = generate(scale=scale, seed=seed, log=self.stdout.write)
        for table, rows in counts.items():
            self.stdout.write(f"{table:<14} {rows:>10,}")
