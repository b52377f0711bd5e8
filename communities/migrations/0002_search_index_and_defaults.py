"""PostgreSQL full-text index, default platform patterns and policy areas."""

from django.db import migrations
from django.utils.text import slugify

INDEX = "community_search_text_fts"

POLICY_AREAS = [
    "Benefits and welfare", "Business and trade", "Children and families",
    "Climate and environment", "Crime and policing", "Digital and technology",
    "Education and skills", "Health and social care", "Housing and planning",
    "Local government", "Transport", "Work and employment",
]


def create_search_index(apps, schema_editor):
    # The embedded SQLite default searches without an index (see selectors).
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON communities_community USING gin "
            "(to_tsvector('english'::regconfig, COALESCE(search_text, '')))"
        )


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


def add_defaults(apps, schema_editor):
    from communities.addresses import DEFAULT_PATTERNS

    PlatformPattern = apps.get_model("communities", "PlatformPattern")
    PolicyArea = apps.get_model("communities", "PolicyArea")
    for pattern, platform in DEFAULT_PATTERNS:
        PlatformPattern.objects.get_or_create(pattern=pattern, defaults={"platform": platform})
    for name in POLICY_AREAS:
        PolicyArea.objects.get_or_create(name=name, defaults={"slug": slugify(name)})


class Migration(migrations.Migration):
    dependencies = [("communities", "0001_initial")]

    operations = [
        migrations.RunPython(create_search_index, drop_search_index),
        migrations.RunPython(add_defaults, migrations.RunPython.noop),
    ]
