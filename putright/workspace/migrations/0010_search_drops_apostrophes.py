"""Search drops apostrophes: ``obrien``, ``O'Brien`` and ``O’Brien`` find one another.

``putright_fold`` (``putright.complaints.search.fold_function_sql``) now deletes the straight and
curly apostrophes as well as folding accents. The function is IMMUTABLE and the name and address
full-text indexes of migration 0006 are built over it, so replacing its body leaves those indexes
holding the old folding until they are rebuilt: every index whose definition calls ``putright_fold``
is found in the catalogue and rebuilt, both ways. Reversing puts back the body 0006 created (kept
here as it was, since 0006 reads the function from the code of the day).

Rebuilt by dropping and creating each index again from its own definition, not by ``REINDEX``:
PostgreSQL inlines the SQL function into an index's expression when a connection first reads the
index, and keeps that for the connection's life. ``REINDEX`` on a connection that has read or
written the table before (``migrate`` runs every migration on one connection) rebuilt the index with
the old body, so the index went on answering with the old folding while a query without it folded
anew (tried on PostgreSQL 15). An index created again is read afresh, here and by every connection
the application holds open.

SQLite defines the function on each connection (``register_sqlite_fold``); nothing to do there."""

from django.db import migrations

#: ``putright_fold`` as migration 0006 created it: accents folded, apostrophes kept
OLD_FUNCTION = (
    'CREATE OR REPLACE FUNCTION putright_fold(text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALL'
    'EL SAFE AS $$ SELECT lower(replace(replace(replace(replace(replace(replace(replace(replace(trans'
    "late($1, 'ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢ"
    'ģĤĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžƠơƯưǍǎǏǐǑǒǓǔǕǖǗǘǙǚǛǜǞ'
    'ǟǠǡǦǧǨǩǪǫǬǭǰǴǵǸǹǺǻȀȁȂȃȄȅȆȇȈȉȊȋȌȍȎȏȐȑȒȓȔȕȖȗȘșȚțȞȟȦȧȨȩȪȫȬȭȮȯȰȱȲȳḀḁḂḃḄḅḆḇḈḉḊḋḌḍḎḏḐḑḒḓḔḕḖḗḘḙḚḛḜḝḞḟḠḡ'
    'ḢḣḤḥḦḧḨḩḪḫḬḭḮḯḰḱḲḳḴḵḶḷḸḹḺḻḼḽḾḿṀṁṂṃṄṅṆṇṈṉṊṋṌṍṎṏṐṑṒṓṔṕṖṗṘṙṚṛṜṝṞṟṠṡṢṣṤṥṦṧṨṩṪṫṬṭṮṯṰṱṲṳṴṵṶṷṸṹṺṻṼṽṾṿẀẁ'
    'ẂẃẄẅẆẇẈẉẊẋẌẍẎẏẐẑẒẓẔẕẖẗẘẙẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủ'
    "ỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹøØłŁđĐðÐħĦıŀĿŧŦĸ', 'AAAAAACEEEEIIIINOOOOOUUUUYaaaaaaceeeeiiiinooooouuuuyyAaAaA"
    'aCcCcCcCcDdEeEeEeEeEeGgGgGgGgHhIiIiIiIiIJjKkLlLlLlNnNnNnOoOoOoRrRrRrSsSsSsSsTtTtUuUuUuUuUuUuWwYy'
    'YZzZzZzOoUuAaIiOoUuUuUuUuUuAaAaGgKkOoOojGgNnAaAaAaEeEeIiIiOoOoRrRrUuUuSsTtHhAaEeOoOoOoOoYyAaBbBb'
    'BbCcDdDdDdDdDdEeEeEeEeEeFfGgHhHhHhHhHhIiIiKkKkKkLlLlLlLlMmMmMmNnNnNnNnOoOoOoOoPpPpRrRrRrRrSsSsSs'
    'SsSsTtTtTtTtUuUuUuUuUuVvVvWwWwWwWwWwXxXxYyZzZzZzhtwyAaAaAaAaAaAaAaAaAaAaAaAaEeEeEeEeEeEeEeEeIiIi'
    "OoOoOoOoOoOoOoOoOoOoOoOoUuUuUuUuUuUuUuYyYyYyYyoOlLdDdDhHilLtTk'), 'ß', 'ss'), 'ẞ', 'SS'), 'æ', '"
    "ae'), 'Æ', 'AE'), 'œ', 'oe'), 'Œ', 'OE'), 'þ', 'th'), 'Þ', 'TH')) $$"
)

#: every index whose definition calls the function (the two of 0006 and any added since), with
#: that definition as ``CREATE INDEX``
USING_FOLD = """
SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i
JOIN pg_class c ON c.oid = i.indexrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = current_schema() AND pg_get_indexdef(i.indexrelid) LIKE '%putright_fold(%'
ORDER BY c.relname
"""


def _replace(schema_editor, function_sql):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(USING_FOLD)
        indexes = cursor.fetchall()
    schema_editor.execute(function_sql)
    for name, definition in indexes:
        schema_editor.execute(f'DROP INDEX "{name}"')
        schema_editor.execute(definition, params=None)


def forwards(apps, schema_editor):
    from putright.complaints.search import fold_function_sql

    _replace(schema_editor, fold_function_sql())


def backwards(apps, schema_editor):
    _replace(schema_editor, OLD_FUNCTION)


class Migration(migrations.Migration):
    dependencies = [
        ("workspace", "0009_response_date_given_amendment"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
