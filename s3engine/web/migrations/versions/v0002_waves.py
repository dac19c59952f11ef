"""Survey waves: an invitation names the wave its responses belong to, and a response keeps it.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TABLES = ("invitations", "responses")


def upgrade() -> None:
    # Rows written before waves existed keep no wave: their responses belong to the wave of
    # the year they were started in (responses.model.default_wave).
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("wave", sa.String(40), nullable=True))
            batch.add_column(sa.Column("wave_period", sa.String(15), nullable=True))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("wave_period")
            batch.drop_column("wave")
