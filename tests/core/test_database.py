from __future__ import annotations

import sqlite3

from sqlmodel import SQLModel

from rmpair.core import models  # noqa: F401  (registers the tables)
from rmpair.core.database import MIGRATIONS, SCHEMA_VERSION, Database, migrate, schema_version


def test_a_first_release_database_migrates_with_its_data():
    connection = sqlite3.connect(":memory:")
    migrate(connection, target=1)
    connection.execute(
        "INSERT INTO entry VALUES ('e1', 'note', 'mentor', 1, '', 'Old title', 'Old body', NULL, 0,"
        " '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
    )
    connection.commit()
    image = connection.serialize()

    database = Database.from_image(image)
    assert schema_version(database.connection) == SCHEMA_VERSION
    row = database.connection.execute("SELECT title, body, goal_id FROM entry").fetchone()
    assert row == ("Old title", "Old body", None)
    assert database.connection.execute("SELECT count(*) FROM goal").fetchone() == (0,)


def test_the_migrated_schema_matches_the_models():
    database = Database.new()
    for table in SQLModel.metadata.sorted_tables:
        columns = {row[1] for row in database.connection.execute(f"PRAGMA table_info({table.name})")}
        assert columns == {column.name for column in table.columns}, table.name


def test_schema_version_counts_migrations():
    assert SCHEMA_VERSION == len(MIGRATIONS) >= 2


def test_a_schema_2_vault_gains_the_midway_score_without_losing_goals():
    connection = sqlite3.connect(":memory:")
    migrate(connection, target=2)
    connection.execute(
        "INSERT INTO goal VALUES ('g1', 'mentee', 'old goal', 2, NULL, '2026-01-01', '2026-01-01')"
    )
    connection.commit()
    database = Database.from_image(connection.serialize())
    assert schema_version(database.connection) == SCHEMA_VERSION
    row = database.connection.execute("SELECT text, baseline_score, midway_score FROM goal").fetchone()
    assert row == ("old goal", 2, None)
