"""Taxonomy rows, and on PostgreSQL the search-vector trigger and its GIN index.

The trigger keeps search_vector in step with the folded text columns on every write path
(ORM save, update, bulk_create, raw SQL). SQLite has no tsvector and uses a fallback search.
"""

from django.db import migrations

TARGET_GROUPS = [
    "dementie", "nah", "ggz", "verstandelijk", "lichamelijk", "kinderen", "ouderen",
    "jonge_mantelzorgers", "werkende_mantelzorgers",
]
ACCESS_ROUTES = ["vrij", "wmo", "pgb", "zvw", "wlz", "verwijzing"]

CREATE_SQL = """
CREATE FUNCTION directory_offer_search_vector() RETURNS trigger AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('pg_catalog.dutch', coalesce(NEW.search_name, '')), 'A') ||
        setweight(to_tsvector('pg_catalog.dutch', coalesce(NEW.search_document, '')), 'B');
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER directory_offer_search_vector_update
    BEFORE INSERT OR UPDATE OF search_name, search_document ON directory_offer
    FOR EACH ROW EXECUTE FUNCTION directory_offer_search_vector();

CREATE INDEX directory_offer_search_vector_gin ON directory_offer USING gin (search_vector);
"""

DROP_SQL = """
DROP INDEX IF EXISTS directory_offer_search_vector_gin;
DROP TRIGGER IF EXISTS directory_offer_search_vector_update ON directory_offer;
DROP FUNCTION IF EXISTS directory_offer_search_vector();
"""


def add_taxonomy(apps, schema_editor):
    TargetGroupTag = apps.get_model("directory", "TargetGroupTag")
    AccessRouteTag = apps.get_model("directory", "AccessRouteTag")
    for code in TARGET_GROUPS:
        TargetGroupTag.objects.get_or_create(code=code)
    for code in ACCESS_ROUTES:
        AccessRouteTag.objects.get_or_create(code=code)


def create_search(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_SQL)


def drop_search(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SQL)


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [
        migrations.RunPython(add_taxonomy, migrations.RunPython.noop),
        migrations.RunPython(create_search, drop_search),
    ]
