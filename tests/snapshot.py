"""What a loader wrote, copied back instead of loaded again (issue 23.5: a suite that stays fast).

The demo catalogue loads through the importer editors use: a second on PostgreSQL, and about
90 tests and 40 browser tests need it; the reference data comes back after every test that
empties the database. The first time a loader runs on a database in a given state, the
tables it changed are copied (PostgreSQL: COPY, which keeps every type as it was); the next
time the database is in that same state, those tables are put back as the loader left them,
one statement per table. Another state (a database emptied by a transactional test, rows a
test committed) is another key, and the loader runs for real. The copies are kept in memory,
per test process (pytest-xdist gives each worker its own database).

The state is each table's row count and highest primary key (content types and permissions
aside), and today's date (the demo dates move along with today).
"""

# Table and column names come from the models' metadata, quoted, never from input.
# ruff: noqa: S608

import hashlib
import io

from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

_copies: dict[tuple, dict[str, object]] = {}
# Emptying the database makes these again, with new ids (Django's post_migrate); no loader
# reads them, so they are left out of the state.
OUTSIDE_THE_STATE = {"django_content_type", "auth_permission"}


def load(command: str) -> None:
    """call_command(command) with no output, or the copy of what it did to this same state."""
    key = (command, timezone.localdate(), _state())
    with transaction.atomic():
        if key in _copies:
            _put_back(_copies[key])
        else:
            before = _contents()
            call_command(command, verbosity=0, stdout=io.StringIO())
            changed = [table for table, digest in _contents().items() if before[table] != digest]
            _copies[key] = {table: _copy(table) for table in changed}
            return
    if command == "load_demo_catalogue":
        from directory.cache import catalogue_changed

        catalogue_changed()  # as the loader does: cached pages are stale


def _models_by_table() -> dict[str, type]:
    return {
        model._meta.db_table: model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }


def _tables() -> list[str]:
    existing = set(connection.introspection.table_names())
    return sorted(table for table in _models_by_table() if table in existing)


def _state() -> tuple:
    models, quote = _models_by_table(), connection.ops.quote_name
    parts = []
    for table in _tables():
        if table in OUTSIDE_THE_STATE:
            continue
        pk = models[table]._meta.pk
        highest = f"MAX({quote(pk.column)})"
        if "Integer" not in pk.get_internal_type() and "Auto" not in pk.get_internal_type():
            highest = f"MAX(CAST({quote(pk.column)} AS TEXT))"  # PostgreSQL has no MAX(uuid)
        parts.append(f"SELECT '{table}', COUNT(*), CAST({highest} AS TEXT) FROM {quote(table)}")
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        return tuple(sorted(cursor.fetchall()))


def _contents() -> dict[str, str]:
    """A digest of every table's rows, in any order."""
    digests = {}
    with connection.cursor() as cursor:
        for table in _tables():
            quoted = connection.ops.quote_name(table)
            if connection.vendor == "postgresql":
                cursor.execute(
                    f"SELECT MD5(COALESCE(STRING_AGG(x::text, '|' ORDER BY x::text), '')) "
                    f"FROM {quoted} AS x"
                )
                digests[table] = cursor.fetchone()[0]
            else:
                cursor.execute(f"SELECT * FROM {quoted}")
                rows = sorted(repr(row) for row in cursor.fetchall())
                digests[table] = hashlib.sha256("|".join(rows).encode()).hexdigest()
    return digests


def _copy(table: str) -> object:
    quoted = connection.ops.quote_name(table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {quoted} TO STDOUT") as copy:
                return b"".join(bytes(block) for block in copy)
        # SQLite: `+column` is the stored value, not turned into a Python date or time (which
        # sqlite3 cannot store again as it is).
        columns = [
            column.name for column in connection.introspection.get_table_description(cursor, table)
        ]
        plain = ", ".join(f"+{connection.ops.quote_name(column)}" for column in columns)
        cursor.execute(f"SELECT {plain} FROM {quoted}")
        return columns, cursor.fetchall()


def _put_back(copies: dict[str, object]) -> None:
    """Each table as the loader left it; foreign keys are checked when the transaction ends
    (Django makes them deferrable), by which time every row they point to is back."""
    with connection.cursor() as cursor:
        for table, rows in copies.items():
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"DELETE FROM {quoted}")
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {quoted} FROM STDIN") as copy:
                    copy.write(rows)
            elif rows[1]:
                columns, values = rows
                names = ", ".join(connection.ops.quote_name(column) for column in columns)
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(f"INSERT INTO {quoted} ({names}) VALUES ({marks})", values)
        if connection.vendor == "postgresql":
            # Rows came back with their own ids: new rows must get the ids after them.
            models = _models_by_table()
            for statement in connection.ops.sequence_reset_sql(
                no_style(), [models[table] for table in copies]
            ):
                cursor.execute(statement)
