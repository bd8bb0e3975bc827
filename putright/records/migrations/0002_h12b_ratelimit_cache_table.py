"""The database cache table that keeps the rate limits' counters (CACHES["ratelimit"] in settings)."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


def drop_cache_table(apps, schema_editor):
    schema_editor.execute("DROP TABLE IF EXISTS putright_ratelimit")


class Migration(migrations.Migration):
    dependencies = [("records", "0001_h12b_purge_record")]

    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
