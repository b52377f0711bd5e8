"""Recount the daily rollups of posts and decisions that reports read
(moderation.rollups)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from moderation.rollups import rollup_rebuild


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"Not a day (YYYY-MM-DD): {text}") from None


class Command(BaseCommand):
    help = (
        "Recount the posts and decisions rollups for the given days "
        "(YYYY-MM-DD, local time), or for every day. Safe to run at any time, "
        "and again."
    )

    def add_arguments(self, parser):
        parser.add_argument("days", nargs="*", type=_day, help="default: every day")

    def handle(self, *args, days, **options):
        wrong = rollup_rebuild(days=days or None)
        which = ", ".join(map(str, days)) if days else "every day"
        self.stdout.write(f"Recounted {which}: {wrong} organisation-days corrected.")
