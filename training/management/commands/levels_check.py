from django.core.management.base import BaseCommand

from training.services import levels_check


class Command(BaseCommand):
    help = (
        "Recompute everyone's discretion level and compare it with the stored "
        "standing; report the drift (and, with --fix, repair it)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fix", action="store_true", help="Write the fresh computation."
        )

    def handle(self, *args, fix: bool = False, **options):
        drift = levels_check(fix=fix)
        done = " (fixed)" if fix else ""
        self.stdout.write(
            f"Checked {drift.checked} people: {len(drift.drifted)} drifted, "
            f"{len(drift.missing)} without a stored standing{done}."
        )
        for pk in drift.drifted[:20]:
            self.stdout.write(f"  drifted: person {pk}")
        if drift.drifted and not fix:
            # A non-zero exit, so a scheduled check or CI can notice. People
            # without a row are not drift: reads compute theirs afresh.
            raise SystemExit(1)
