"""Alembic's entry point for the web survey's database (run by storage.upgrade).

s3engine calls Alembic from code with an open connection (`config.attributes["connection"]`),
never from an alembic.ini: the database URL is the one given to `s3engine serve`.
"""

from __future__ import annotations

from alembic import context

from s3engine.web.schema import METADATA

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=METADATA,
    # SQLite changes a table by copying it: Alembic's batch mode does that for us.
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
