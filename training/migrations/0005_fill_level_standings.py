"""Every existing person gets their stored standing.

This calls today's levels_recompute rather than historical models: the row is
derived state, and the computation must be the one the code uses. If a later
migration changes an input's table under it, make this a no-op and run
`manage.py levels_check --fix` instead.
"""

from django.db import migrations

BATCH = 1000


def fill(apps, schema_editor):
    from training.services import levels_recompute

    User = apps.get_model("accounts", "User")
    ids = list(User.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        levels_recompute(person_ids=ids[start : start + BATCH])


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0004_level_standing"),
        ("guidelines", "0001_initial"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
