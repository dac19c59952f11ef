"""The first schema of the web survey's database.

Revision ID: 0001
Revises: -
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from s3engine.web.schema import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "settings",
        sa.Column("key", sa.String(40), nullable=False),
        sa.Column("value", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_settings"),
    )
    op.create_table(
        "questionnaires",
        sa.Column("pk", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("id", sa.String(80), nullable=False),
        sa.Column("version", sa.String(40), nullable=False),
        sa.Column("hash", sa.String(80), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("content", sa.JSON, nullable=False),
        sa.Column("model", sa.Text, nullable=True),
        sa.Column("published", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("pk", name="pk_questionnaires"),
        sa.UniqueConstraint("id", "version", name="uq_questionnaires_id_version"),
    )
    op.create_table(
        "invitations",
        sa.Column("pk", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("questionnaire", sa.String(80), nullable=False),
        sa.Column("region", sa.String(5), nullable=False),
        sa.Column("region_name", sa.Text, nullable=True),
        sa.Column("group_id", sa.String(80), nullable=True),
        sa.Column("language", sa.String(6), nullable=True),
        sa.Column("created", UTCDateTime, nullable=False),
        sa.Column("withdrawn", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("pk", name="pk_invitations"),
        sa.UniqueConstraint("token_hash", name="uq_invitations_token_hash"),
    )
    op.create_index(
        "ix_invitations_questionnaire_region", "invitations", ["questionnaire", "region"]
    )
    op.create_table(
        "contacts",
        sa.Column("invitation", sa.Integer, nullable=False),
        sa.Column("name", sa.Text, nullable=True),
        sa.Column("email", sa.Text, nullable=True),
        sa.Column("organisation", sa.Text, nullable=True),
        sa.ForeignKeyConstraint(
            ["invitation"],
            ["invitations.pk"],
            name="fk_contacts_invitation_invitations",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("invitation", name="pk_contacts"),
    )
    op.create_table(
        "responses",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("invitation", sa.Integer, nullable=False),
        sa.Column("questionnaire", sa.Integer, nullable=False),
        sa.Column("language", sa.String(6), nullable=False),
        sa.Column("region", sa.String(5), nullable=False),
        sa.Column("region_name", sa.Text, nullable=True),
        sa.Column("group_id", sa.String(80), nullable=False),
        sa.Column("sector", sa.String(80), nullable=True),
        sa.Column("consent", sa.Boolean, nullable=True),
        sa.Column("started", UTCDateTime, nullable=False),
        sa.Column("updated", UTCDateTime, nullable=False),
        sa.Column("submitted", UTCDateTime, nullable=True),
        sa.Column("answers", sa.JSON, nullable=False),
        sa.Column("skipped", sa.JSON, nullable=False),
        sa.Column("set_aside", sa.JSON, nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.ForeignKeyConstraint(
            ["invitation"], ["invitations.pk"], name="fk_responses_invitation_invitations"
        ),
        sa.ForeignKeyConstraint(
            ["questionnaire"],
            ["questionnaires.pk"],
            name="fk_responses_questionnaire_questionnaires",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_responses"),
        sa.UniqueConstraint("token_hash", name="uq_responses_token_hash"),
    )
    op.create_index("ix_responses_invitation", "responses", ["invitation"])
    op.create_table(
        "personal",
        sa.Column("response", sa.String(64), nullable=False),
        sa.Column("organisation", sa.Text, nullable=True),
        sa.Column("answers", sa.JSON, nullable=False),
        sa.ForeignKeyConstraint(
            ["response"],
            ["responses.id"],
            name="fk_personal_response_responses",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("response", name="pk_personal"),
    )


def downgrade() -> None:
    for table in ("personal", "responses", "contacts", "invitations", "questionnaires"):
        op.drop_table(table)
    op.drop_table("settings")
