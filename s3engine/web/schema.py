"""The web survey's database: its tables, for SQLite and PostgreSQL alike.

Answers and personal data live in different tables: `responses` holds what `score` and
`plan` read (region, group, sector, the answers to questions that are not personal), while
`personal` holds the organisation and the answers to questions marked `personal`, and
`contacts` the name, e-mail and organisation an invitation was sent to. Exports read
`responses` alone unless asked otherwise; deleting a respondent's data deletes their rows
of all three.

Tokens are never stored: only their SHA-256 (`token_hash`), so that a copy of the database
opens no survey. Alembic migrations (migrations/versions) create and change these tables;
a test checks that the migrated schema is exactly this one.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect

METADATA = sa.MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


class UTCDateTime(sa.types.TypeDecorator[datetime]):
    """A moment in UTC: stored with its zone where the database keeps one (PostgreSQL), as
    UTC without one elsewhere (SQLite), and always read back with the UTC zone."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


#: Settings of this survey database: the secret that signs forms, the admin token's hash.
settings = sa.Table(
    "settings",
    METADATA,
    sa.Column("key", sa.String(40), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

#: Every version of a questionnaire published on this server, as validated content.
questionnaires = sa.Table(
    "questionnaires",
    METADATA,
    sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("id", sa.String(80), nullable=False),
    sa.Column("version", sa.String(40), nullable=False),
    sa.Column("hash", sa.String(80), nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("content", sa.JSON, nullable=False),
    sa.Column("model", sa.Text, nullable=True),
    sa.Column("published", UTCDateTime, nullable=False),
    sa.UniqueConstraint("id", "version", name="uq_questionnaires_id_version"),
)

#: A link: personal (one respondent, region and group fixed) or open (one region, any number
#: of respondents, who choose their group).
invitations = sa.Table(
    "invitations",
    METADATA,
    sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("kind", sa.String(10), nullable=False),
    sa.Column("questionnaire", sa.String(80), nullable=False),
    sa.Column("region", sa.String(5), nullable=False),
    sa.Column("region_name", sa.Text, nullable=True),
    sa.Column("group_id", sa.String(80), nullable=True),
    sa.Column("language", sa.String(6), nullable=True),
    # the survey wave the responses to this link belong to (responses.model.Wave), if named
    sa.Column("wave", sa.String(40), nullable=True),
    sa.Column("wave_period", sa.String(15), nullable=True),
    sa.Column("created", UTCDateTime, nullable=False),
    sa.Column("withdrawn", sa.Boolean, nullable=False, default=False),
    sa.Index("ix_invitations_questionnaire_region", "questionnaire", "region"),
)

#: Who an invitation went to: personal data, apart from everything else.
contacts = sa.Table(
    "contacts",
    METADATA,
    sa.Column(
        "invitation",
        sa.Integer,
        sa.ForeignKey("invitations.pk", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("name", sa.Text, nullable=True),
    sa.Column("email", sa.Text, nullable=True),
    sa.Column("organisation", sa.Text, nullable=True),
)

#: One respondent's response, without personal data; `set_aside` holds answers a change
#: hid (survey.flow.SurveyState), never exported.
responses = sa.Table(
    "responses",
    METADATA,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column(
        "invitation", sa.Integer, sa.ForeignKey("invitations.pk"), nullable=False, index=True
    ),
    sa.Column("questionnaire", sa.Integer, sa.ForeignKey("questionnaires.pk"), nullable=False),
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
    # the wave of the invitation the response was started from (kept if it is withdrawn)
    sa.Column("wave", sa.String(40), nullable=True),
    sa.Column("wave_period", sa.String(15), nullable=True),
)

#: A respondent's personal data: the organisation they named and their answers to questions
#: marked `personal`.
personal = sa.Table(
    "personal",
    METADATA,
    sa.Column(
        "response",
        sa.String(64),
        sa.ForeignKey("responses.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("organisation", sa.Text, nullable=True),
    sa.Column("answers", sa.JSON, nullable=False),
)
