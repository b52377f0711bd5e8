"""The documented backup and restore procedure finds every row again.

Runs scripts/backup.sh and scripts/restore.sh exactly as README tells an
operator to, against the real PostgreSQL. Skipped on SQLite.
"""

import os
import subprocess
from pathlib import Path

import psycopg2
import pytest
from django.core.management import call_command
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.stack,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)"
    ),
]


def database_url(name: str) -> str:
    return (
        "postgres://{USER}:{PASSWORD}@{HOST}:{PORT}/".format(**connection.settings_dict)
        + name
    )


def table_fingerprints(url: str) -> dict[str, tuple[int, str]]:
    """Every table's row count and a hash of all its rows, in a stable order."""
    with psycopg2.connect(url) as conn, conn.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
            "ORDER BY tablename"
        )
        tables = [row[0] for row in cursor.fetchall()]
        fingerprints = {}
        for table in tables:
            cursor.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' "  # noqa: S608
                f"ORDER BY t::text), '')) FROM \"{table}\" t"
            )
            fingerprints[table] = cursor.fetchone()
    conn.close()
    return fingerprints


@pytest.fixture
def empty_database():
    name = f"restore_test_{os.getpid()}"
    admin = psycopg2.connect(database_url(connection.settings_dict["NAME"]))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield database_url(name)
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_a_fresh_database_with_every_row(
    tmp_path, empty_database
):
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    source = database_url(connection.settings_dict["NAME"])
    backup = tmp_path / "portal.dump"

    subprocess.run(  # noqa: S603 (our own scripts)
        [ROOT / "scripts/backup.sh", backup],
        env={**os.environ, "DATABASE_URL": source},
        check=True,
        capture_output=True,
    )
    subprocess.run(  # noqa: S603
        [ROOT / "scripts/restore.sh", backup],
        env={**os.environ, "TARGET_DATABASE_URL": empty_database},
        check=True,
        capture_output=True,
    )

    before, after = table_fingerprints(source), table_fingerprints(empty_database)
    assert before["moderation_post"][0] > 0 and before["accounts_user"][0] > 0
    assert after == before


@pytest.mark.django_db
def test_a_restore_into_a_database_that_is_not_empty_changes_nothing(
    tmp_path, empty_database
):
    backup = tmp_path / "portal.dump"
    with psycopg2.connect(empty_database) as conn, conn.cursor() as cursor:
        cursor.execute("CREATE TABLE accounts_user (id int)")
        cursor.execute("INSERT INTO accounts_user VALUES (1)")
    conn.close()
    before = table_fingerprints(empty_database)
    subprocess.run(  # noqa: S603
        [ROOT / "scripts/backup.sh", backup],
        env={
            **os.environ,
            "DATABASE_URL": database_url(connection.settings_dict["NAME"]),
        },
        check=True,
        capture_output=True,
    )

    restore = subprocess.run(  # noqa: S603
        [ROOT / "scripts/restore.sh", backup],
        env={**os.environ, "TARGET_DATABASE_URL": empty_database},
        capture_output=True,
    )

    assert restore.returncode != 0
    assert b"the target database is not empty" in restore.stderr
    assert table_fingerprints(empty_database) == before
