"""Search finds ``Siân`` from ``Sian``: PostgreSQL's ``putright_fold(text)`` (the fold table of
``putright.complaints.search`` as an IMMUTABLE SQL function, no extension needed), and the resident
name and address full-text indexes rebuilt over the folded text, exactly as
``SearchVector(Folded(...), config="simple")`` compiles, so the queue's search still uses them.
SQLite defines the same function on each connection (``register_sqlite_fold``); nothing to do here."""

from django.db import migrations

OLD = {
    "workspace_resident_name_fts": (
        "complaints_resident",
        "to_tsvector('simple'::regconfig, COALESCE(name, ''))",
    ),
    "workspace_property_address_fts": (
        "complaints_property",
        "to_tsvector('simple'::regconfig, COALESCE(address_line_1, '') || ' ' || COALESCE(address_line_2, '')"
        " || ' ' || COALESCE(town, ''))",
    ),
}
NEW = {
    "workspace_resident_folded_name_fts": (
        "complaints_resident",
        "to_tsvector('simple'::regconfig, COALESCE(putright_fold(name), ''))",
    ),
    "workspace_property_folded_address_fts": (
        "complaints_property",
        "to_tsvector('simple'::regconfig, COALESCE(putright_fold(address_line_1), '') || ' '"
        " || COALESCE(putright_fold(address_line_2), '') || ' ' || COALESCE(putright_fold(town), ''))",
    ),
}


def _swap(schema_editor, drop, create, *, function):
    if schema_editor.connection.vendor != "postgresql":
        return
    if function:
        from putright.complaints.search import fold_function_sql

        schema_editor.execute(fold_function_sql())
    for name in drop:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    for name, (table, expression) in create.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING GIN ({expression})")


def forwards(apps, schema_editor):
    _swap(schema_editor, OLD, NEW, function=True)


def backwards(apps, schema_editor):
    _swap(schema_editor, NEW, OLD, function=False)


class Migration(migrations.Migration):
    dependencies = [
        ("workspace", "0005_s2pages_resident_matched"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
