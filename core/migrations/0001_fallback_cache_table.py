"""The table the cache falls back to while Redis is down (core/cache.py).

Made here rather than by `manage.py createcachetable`, so that a deployment's
`migrate` is all it needs, whichever cache the settings name today.
"""

from django.core.management.commands.createcachetable import Command
from django.db import migrations

TABLE = "portal_cache_fallback"  # settings.FALLBACK_CACHE's LOCATION


def create(apps, schema_editor):
    command = Command()
    command.verbosity = 0  # set by execute(), which this skips
    command.create_table(schema_editor.connection.alias, TABLE, False)


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = []
    operations = [migrations.RunPython(create, drop)]
