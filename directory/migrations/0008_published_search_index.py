"""On PostgreSQL, a GIN index over the published offers' search vectors only (issue 13).

With the planner told not to scan the table (directory/querysets.py, _through_the_search_index) it finds
'logeren' among 17,000 offers in 5 ms instead of 27 ms; the index on every offer matched the
text but not the status, so the planner preferred the status index and checked each row.
"""

from django.db import migrations

# fastupdate off: no pending list of new entries, which made the planner price this index
# above the status index after a bulk load until the next VACUUM (seen on the bench database:
# 24 ms through the status index, 4 ms through this one). Catalogue writes are few.
CREATE = (
    "CREATE INDEX IF NOT EXISTS directory_offer_published_search ON directory_offer "
    "USING gin (search_vector) WITH (fastupdate = off) WHERE status = 'gepubliceerd'"
)
DROP = "DROP INDEX IF EXISTS directory_offer_published_search"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("directory", "0007_hsds_ids")]

    operations = [migrations.RunPython(create, drop)]
