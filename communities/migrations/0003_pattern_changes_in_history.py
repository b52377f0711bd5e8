"""The history also keeps changes to the platform patterns (no community)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("communities", "0002_search_index_and_defaults"),
    ]

    operations = [
        migrations.AlterField(
            model_name="communitychange",
            name="community",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="changes",
                to="communities.community",
            ),
        ),
    ]
