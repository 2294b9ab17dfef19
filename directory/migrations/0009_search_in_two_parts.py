"""On PostgreSQL, the published offers' search vectors in two more partial GIN indexes: one
for the offers whose id is a multiple of 8 (an eighth of the catalogue, spread evenly), one
for the rest (issue 13, the catalogue at ten times its size).

A search across the whole catalogue needs at most 1,001 matches. Through one index the
bitmap holds every match first: 10,264 for 'logeren' at 171,000 offers, 6 to 10 ms before
the first row. Read the eighth first and the rest only when the eighth has too few
(directory/querysets.py, _eighth_first), a common word costs at 171,000 offers what it costs
at 17,000. Eight buckets, read one after another, did as well for a common word but made a
search with no matches three times slower: each bucket looks up every word form again.
The index of migration 0008 stays for searches within a municipality, which read few
matches.
"""

from django.db import migrations

# directory.querysets._eighth_first writes the same conditions.
PARTS = {
    "directory_offer_search_eighth": "id % 8 = 0",
    "directory_offer_search_rest": "id % 8 <> 0",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, condition in PARTS.items():
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON directory_offer USING gin (search_vector)"
                f" WITH (fastupdate = off) WHERE status = 'gepubliceerd' AND {condition}",
                params=None,  # '%' is SQL here, not a placeholder
            )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in PARTS:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("directory", "0008_published_search_index")]

    operations = [migrations.RunPython(create, drop)]
