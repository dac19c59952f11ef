"""The web survey's storage: published questionnaires, invitations and responses.

One `Store` per database URL: SQLite (`sqlite:///survey.db`, one file, the default) or
PostgreSQL (`postgresql://user@host/db`), through SQLAlchemy, with the same code and the same
tests for both. The schema is created and changed by Alembic migrations (`upgrade`).

Every page a respondent saves is one transaction that writes their response row and their
personal row together (`save`): a server killed at any moment leaves each response as it was
after its last saved page, never half-written. Two tabs saving the same response at once do
not overwrite each other unseen: a save names the revision it started from and fails
(`Conflict`) when another save came first; the survey then redoes its work on the new state.

Tokens are stored as their SHA-256 only (tokens.py).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.pool import ConnectionPoolEntry

from s3engine.core import messages as M
from s3engine.core.findings import S3Error, UsageError
from s3engine.questionnaire.model import Questionnaire
from s3engine.responses.model import AnswerValue, Respondent, Response, Wave, now
from s3engine.survey.flow import SurveyState, make_response
from s3engine.web import schema as T
from s3engine.web.tokens import new_secret, token_hash

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

InvitationKind = Literal["personal", "open"]
#: Database connections kept open per server process: one per worker thread.
POOL_SIZE = 40


class Conflict(Exception):
    """Another save of the same response came first: load it again and redo the change."""


@dataclass(frozen=True)
class Published:
    """One version of a questionnaire as published on this server."""

    pk: int
    id: str
    version: str
    hash: str
    source: str
    model: str | None
    published: datetime
    questionnaire: Questionnaire


@dataclass(frozen=True)
class Invitation:
    pk: int
    kind: InvitationKind
    questionnaire: str
    region: str
    region_name: str | None
    group: str | None
    language: str | None
    withdrawn: bool
    #: the survey wave its responses belong to (`serve invite --wave`)
    wave: Wave | None = None


@dataclass(frozen=True)
class NewInvitation:
    """An invitation to create, with who it goes to (kept apart, in `contacts`)."""

    kind: InvitationKind
    region: str
    region_name: str | None = None
    group: str | None = None
    language: str | None = None
    name: str | None = None
    email: str | None = None
    organisation: str | None = None
    wave: Wave | None = None


@dataclass
class StoredResponse:
    """A respondent's response as stored, personal data included (`personal_answers` are the
    answers to questions marked personal, `organisation` the one they named)."""

    id: str
    token_hash: str
    invitation: int
    questionnaire: int
    language: str
    region: str
    region_name: str | None
    group: str
    sector: str | None
    consent: bool | None
    started: datetime
    updated: datetime
    submitted: datetime | None
    answers: dict[str, AnswerValue] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    set_aside: dict[str, AnswerValue] = field(default_factory=dict)
    organisation: str | None = None
    revision: int = 0
    wave: Wave | None = None

    @property
    def complete(self) -> bool:
        return self.submitted is not None

    def state(self, q: Questionnaire) -> SurveyState:
        return SurveyState(
            q, self.group, dict(self.answers), list(self.skipped), dict(self.set_aside)
        )

    def with_state(self, state: SurveyState) -> StoredResponse:
        return replace(
            self,
            group=state.group,
            answers=dict(state.answers),
            skipped=list(state.skipped),
            set_aside=dict(state.set_aside),
        )

    def response(self, q: Questionnaire, *, personal: bool = False) -> Response:
        """The response in s3engine's response format (docs/response-format.md).

        Without `personal`, the answers to personal questions and the organisation are left
        out: that is what `score` and `plan` get.
        """
        state = self.state(q)
        if not personal:
            kept = {qid for qid, question in q.question_index.items() if not question.personal}
            state.answers = {k: v for k, v in state.answers.items() if k in kept}
            state.skipped = [k for k in state.skipped if k in kept]
        respondent = Respondent(
            id=self.id,
            region=self.region,
            region_name=self.region_name,
            group=self.group,
            organisation=self.organisation if personal else None,
            sector=self.sector,
        )
        return make_response(
            q,
            respondent=respondent,
            language=self.language,
            state=state,
            consent=self.consent,
            started=self.started,
            updated=self.updated,
            submitted=self.submitted,
            wave=self.wave,
        )


@dataclass(frozen=True)
class Tally:
    """Invitations and responses of one region and stakeholder group (no personal data)."""

    region: str
    region_name: str | None
    group: str | None
    invited: int = 0
    started: int = 0
    submitted: int = 0


# -- opening a database ----------------------------------------------------------------------


def database_url(url: str) -> sa.URL:
    """The SQLAlchemy URL of `url`; UsageError for anything but SQLite and PostgreSQL."""
    try:
        parsed = sa.make_url(url)
    except ArgumentError:
        raise UsageError(M.WEB_BAD_DB_URL.format(url=url)) from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        if parsed.get_driver_name() != "pysqlite":
            raise UsageError(M.WEB_BAD_DB_URL.format(url=url))
        return parsed
    if backend == "postgresql":
        # psycopg 3 is the driver s3engine ships; `postgresql://` would ask for psycopg2.
        return parsed.set(drivername="postgresql+psycopg")
    raise UsageError(M.WEB_BAD_DB_URL.format(url=url))


def _sqlite_pragmas(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
    # Write-ahead log: readers never wait for the writer. synchronous=NORMAL: a commit is in
    # the log before the respondent is told it is saved, so a killed or crashed server loses
    # nothing; the log is flushed to disk at checkpoints, so a power cut of the machine may
    # lose the last seconds of saves, never corrupt the file (docs/web-survey.md). FULL
    # would flush at every commit, at several milliseconds a page.
    cursor = dbapi_connection.cursor()
    for pragma in (
        "journal_mode=WAL",
        "synchronous=NORMAL",
        "foreign_keys=ON",
        "busy_timeout=30000",
    ):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()
    # Transactions are begun explicitly (below), not by the driver.
    dbapi_connection.isolation_level = None


def _sqlite_begin(connection: Connection) -> None:
    # A writer takes the write lock at once (BEGIN IMMEDIATE), so that two saves never both
    # read and then fail to upgrade to writing; readers begin a plain deferred transaction.
    immediate = connection.get_execution_options().get("s3engine_write", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


class Store:
    """One survey database; thread-safe (each call takes a connection from a pool)."""

    def __init__(self, url: str):
        self.url = database_url(url)
        self.dialect = self.url.get_backend_name()
        if self.dialect == "sqlite":
            database = self.url.database or ""
            if database and database != ":memory:":
                folder = Path(database).expanduser().resolve().parent
                if not folder.is_dir():
                    raise UsageError(M.WEB_DB_FOLDER_MISSING.format(folder=folder))
            # As many pooled connections as worker threads (anyio's 40): a connection made
            # anew for each request (beyond the pool) costs more than the request itself.
            self.engine: Engine = sa.create_engine(
                self.url, pool_size=POOL_SIZE, max_overflow=8, pool_timeout=60
            )
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
            sa.event.listen(self.engine, "begin", _sqlite_begin)
        else:
            self.engine = sa.create_engine(
                self.url, pool_size=8, max_overflow=POOL_SIZE, pool_timeout=60, pool_pre_ping=True
            )
        self._writer = self.engine.execution_options(s3engine_write=True)
        self._published: dict[int, Published] = {}
        self._invitations: dict[int, Invitation] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        with self._connect(self.engine) as connection:
            yield connection

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """One transaction that writes: committed when the block ends, rolled back on error."""
        with self._connect(self._writer) as connection:
            yield connection

    @contextmanager
    def _connect(self, engine: Engine) -> Iterator[Connection]:
        try:
            with engine.begin() as connection:
                yield connection
        except OperationalError as exc:
            raise S3Error(
                M.WEB_DB_UNREACHABLE.format(url=self.display_url, reason=exc.orig)
            ) from None

    @property
    def display_url(self) -> str:
        """The URL without its password, for messages."""
        return self.url.render_as_string(hide_password=True).replace("+psycopg", "")

    # -- schema ------------------------------------------------------------------------------

    def _alembic(self, connection: Connection) -> Any:
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = connection
        return config

    def upgrade(self) -> None:
        """Create the tables, or bring them to the schema of this version of s3engine."""
        from alembic import command

        with self.writing() as connection:
            command.upgrade(self._alembic(connection), "head")
            found = connection.execute(
                sa.select(T.settings.c.value).where(T.settings.c.key == "secret")
            ).first()
            if found is None:
                connection.execute(T.settings.insert().values(key="secret", value=new_secret()))

    def schema_problem(self) -> str | None:
        """Why this database cannot be served as it is (no schema, an older one), or None.

        Read without Alembic (quick to start): the revision Alembic records, against the
        newest migration's (`migrations.HEAD`; a test checks that it is Alembic's head).
        """
        from s3engine.web.migrations import HEAD

        with self.reading() as connection:
            if not sa.inspect(connection).has_table("alembic_version"):
                current = None
            else:
                current = connection.execute(
                    sa.text("SELECT version_num FROM alembic_version")
                ).scalar()
        if current is None:
            return M.WEB_DB_EMPTY.format(url=self.display_url)
        if current != HEAD:
            return M.WEB_DB_OLD_SCHEMA.format(url=self.display_url, found=current, head=HEAD)
        return None

    def require_schema(self) -> None:
        problem = self.schema_problem()
        if problem is not None:
            raise UsageError(problem)

    # -- settings ----------------------------------------------------------------------------

    def setting(self, key: str) -> str | None:
        with self.reading() as connection:
            return connection.execute(
                sa.select(T.settings.c.value).where(T.settings.c.key == key)
            ).scalar()

    def set_setting(self, key: str, value: str) -> None:
        with self.writing() as connection:
            updated = connection.execute(
                T.settings.update().where(T.settings.c.key == key).values(value=value)
            )
            if updated.rowcount == 0:
                connection.execute(T.settings.insert().values(key=key, value=value))

    def secret(self) -> bytes:
        value = self.setting("secret")
        if value is None:
            raise UsageError(M.WEB_DB_EMPTY.format(url=self.display_url))
        return bytes.fromhex(value)

    # -- questionnaires ----------------------------------------------------------------------

    def publish(
        self, q: Questionnaire, *, source: str, model: str | None
    ) -> Literal["published", "unchanged", "replaced"]:
        """Publish a questionnaire version. The same version with other content replaces the
        published one only while nobody has answered it; otherwise S3Error."""
        content = q.model_dump(mode="json", by_alias=True)
        with self.writing() as connection:
            row = connection.execute(
                sa.select(T.questionnaires.c.pk, T.questionnaires.c.hash).where(
                    T.questionnaires.c.id == q.id, T.questionnaires.c.version == q.version
                )
            ).first()
            if row is None:
                connection.execute(
                    T.questionnaires.insert().values(
                        id=q.id,
                        version=q.version,
                        hash=q.content_hash,
                        source=source,
                        content=content,
                        model=model,
                        published=now(),
                    )
                )
                return "published"
            values = {"source": source, "model": model}
            if row.hash == q.content_hash:
                connection.execute(
                    T.questionnaires.update().where(T.questionnaires.c.pk == row.pk).values(values)
                )
                return "unchanged"
            answered = connection.execute(
                sa.select(sa.func.count())
                .select_from(T.responses)
                .where(T.responses.c.questionnaire == row.pk)
            ).scalar_one()
            if answered:
                raise S3Error(
                    M.WEB_CHANGED_AFTER_ANSWERS.format(
                        id=q.id, version=q.version, count=answered, source=source
                    )
                )
            connection.execute(
                T.questionnaires.update()
                .where(T.questionnaires.c.pk == row.pk)
                .values({**values, "hash": q.content_hash, "content": content, "published": now()})
            )
            self._published.pop(row.pk, None)
            return "replaced"

    def published(self) -> list[Published]:
        """Every published version, oldest first (content read once per process)."""
        table = T.questionnaires
        with self.reading() as connection:
            rows = connection.execute(
                sa.select(table.c.pk, table.c.hash).order_by(table.c.pk)
            ).all()
        return [self._published_of(pk, hashed) for pk, hashed in rows]

    def _published_of(self, pk: int, hashed: str) -> Published:
        with self._lock:
            cached = self._published.get(pk)
        if cached is not None and cached.hash == hashed:
            return cached
        with self.reading() as connection:
            row = connection.execute(
                sa.select(T.questionnaires).where(T.questionnaires.c.pk == pk)
            ).one()
        q = Questionnaire.model_validate(row.content)
        published = Published(
            row.pk, row.id, row.version, row.hash, row.source, row.model, row.published, q
        )
        with self._lock:
            self._published[row.pk] = published
        return published

    def questionnaire(self, pk: int) -> Published:
        with self._lock:
            cached = self._published.get(pk)
        if cached is not None:
            return cached
        with self.reading() as connection:
            hashed = connection.execute(
                sa.select(T.questionnaires.c.hash).where(T.questionnaires.c.pk == pk)
            ).scalar_one()
        return self._published_of(pk, hashed)

    def latest(self, questionnaire_id: str | None = None) -> Published:
        """The newest version of a questionnaire (of the only one, if not named)."""
        published = self.published()
        ids = list(dict.fromkeys(p.id for p in published))
        if not published:
            raise UsageError(M.WEB_NOTHING_PUBLISHED.format(url=self.display_url))
        if questionnaire_id is None:
            if len(ids) > 1:
                raise UsageError(M.WEB_WHICH_QUESTIONNAIRE.format(ids=", ".join(ids)))
            questionnaire_id = ids[0]
        found = [p for p in published if p.id == questionnaire_id]
        if not found:
            raise UsageError(M.WEB_NOT_PUBLISHED.format(id=questionnaire_id, ids=", ".join(ids)))
        return found[-1]

    # -- invitations -------------------------------------------------------------------------

    def add_invitations(
        self, questionnaire_id: str, items: Sequence[tuple[str, NewInvitation]]
    ) -> None:
        """Store invitations (token, what it is for), all in one transaction."""
        moment = now()
        with self.writing() as connection:
            for token, item in items:
                pk = connection.execute(
                    T.invitations.insert()
                    .values(
                        token_hash=token_hash(token),
                        kind=item.kind,
                        questionnaire=questionnaire_id,
                        region=item.region,
                        region_name=item.region_name,
                        group_id=item.group,
                        language=item.language,
                        wave=item.wave.id if item.wave else None,
                        wave_period=item.wave.period if item.wave else None,
                        created=moment,
                        withdrawn=False,
                    )
                    .returning(T.invitations.c.pk)
                ).scalar_one()
                if item.name or item.email or item.organisation:
                    connection.execute(
                        T.contacts.insert().values(
                            invitation=pk,
                            name=item.name,
                            email=item.email,
                            organisation=item.organisation,
                        )
                    )

    def invitation(self, hashed: str) -> Invitation | None:
        with self.reading() as connection:
            row = connection.execute(
                sa.select(T.invitations).where(T.invitations.c.token_hash == hashed)
            ).first()
        return None if row is None else _invitation(row)

    def invitation_by_pk(self, pk: int) -> Invitation:
        """An invitation by its key (kept in memory: only `withdrawn` ever changes, and it
        matters only for invitations without a response, which are looked up by token)."""
        with self._lock:
            cached = self._invitations.get(pk)
        if cached is not None:
            return cached
        with self.reading() as connection:
            row = connection.execute(sa.select(T.invitations).where(T.invitations.c.pk == pk)).one()
        invitation = _invitation(row)
        with self._lock:
            if len(self._invitations) > 100_000:
                self._invitations.clear()
            self._invitations[pk] = invitation
        return invitation

    # -- responses ---------------------------------------------------------------------------

    def response(self, hashed: str) -> StoredResponse | None:
        with self.reading() as connection:
            return self._response(connection, T.responses.c.token_hash == hashed)

    def response_by_id(self, respondent_id: str) -> StoredResponse | None:
        with self.reading() as connection:
            return self._response(connection, T.responses.c.id == respondent_id)

    def _response(self, connection: Connection, where: Any) -> StoredResponse | None:
        row = connection.execute(_with_personal().where(where)).first()
        return None if row is None else _stored(row)

    def create_response(self, response: StoredResponse) -> None:
        """Store a new response (and its personal row) in one transaction."""
        q = self.questionnaire(response.questionnaire).questionnaire
        mine = _split(q, response.answers)[1]
        with self.writing() as connection:
            connection.execute(T.responses.insert().values(_row(q, response)))
            connection.execute(
                T.personal.insert().values(
                    response=response.id, organisation=response.organisation, answers=mine
                )
            )

    def save(self, response: StoredResponse) -> StoredResponse:
        """Write a changed response in one transaction; return it with its new revision.

        Conflict when the stored revision is no longer `response.revision` (another save came
        first).
        """
        q = self.questionnaire(response.questionnaire).questionnaire
        mine = _split(q, response.answers)[1]
        saved = replace(response, revision=response.revision + 1)
        with self.writing() as connection:
            updated = connection.execute(
                T.responses.update()
                .where(
                    T.responses.c.id == response.id,
                    T.responses.c.revision == response.revision,
                )
                .values(_row(q, saved))
            )
            if updated.rowcount != 1:
                raise Conflict(response.id)
            connection.execute(
                T.personal.update()
                .where(T.personal.c.response == response.id)
                .values(organisation=response.organisation, answers=mine)
            )
        return saved

    def delete(self, hashed: str) -> bool:
        """Delete everything a token's respondent gave (response, personal data, the contact
        the invitation went to) and withdraw a personal invitation, so that its link opens
        nothing. True when there was something to delete."""
        with self.writing() as connection:
            row = connection.execute(
                sa.select(T.responses.c.id, T.responses.c.invitation).where(
                    T.responses.c.token_hash == hashed
                )
            ).first()
            invitation = connection.execute(
                sa.select(
                    T.invitations.c.pk, T.invitations.c.kind, T.invitations.c.withdrawn
                ).where(
                    T.invitations.c.pk == row.invitation
                    if row is not None
                    else T.invitations.c.token_hash == hashed
                )
            ).first()
            if row is not None:
                connection.execute(T.personal.delete().where(T.personal.c.response == row.id))
                connection.execute(T.responses.delete().where(T.responses.c.id == row.id))
            if invitation is not None and invitation.kind == "personal":
                if invitation.withdrawn and row is None:
                    return False
                connection.execute(
                    T.contacts.delete().where(T.contacts.c.invitation == invitation.pk)
                )
                connection.execute(
                    T.invitations.update()
                    .where(T.invitations.c.pk == invitation.pk)
                    .values(withdrawn=True)
                )
                return True
            return row is not None

    def stored_responses(
        self, questionnaire_pk: int, *, complete_only: bool = True
    ) -> Iterator[StoredResponse]:
        """The responses to one published version, in the order they were started."""
        where = [T.responses.c.questionnaire == questionnaire_pk]
        if complete_only:
            where.append(T.responses.c.submitted.is_not(None))
        with self.reading() as connection:
            rows = connection.execute(
                _with_personal().where(*where).order_by(T.responses.c.started, T.responses.c.id)
            ).all()
        for row in rows:
            yield _stored(row)

    # -- the fieldwork ---------------------------------------------------------------------

    def tallies(self, questionnaire_id: str) -> list[Tally]:
        """Invitations sent, responses started and submitted, per region and group."""
        table: dict[tuple[str, str | None], dict[str, Any]] = {}

        def cell(region: str, name: str | None, group: str | None) -> dict[str, Any]:
            entry = table.setdefault(
                (region, group),
                {"region_name": name, "invited": 0, "started": 0, "submitted": 0},
            )
            entry["region_name"] = entry["region_name"] or name
            return entry

        with self.reading() as connection:
            invited = connection.execute(
                sa.select(
                    T.invitations.c.region,
                    T.invitations.c.region_name,
                    T.invitations.c.group_id,
                    sa.func.count(),
                )
                .where(
                    T.invitations.c.questionnaire == questionnaire_id,
                    T.invitations.c.kind == "personal",
                    T.invitations.c.withdrawn.is_(False),
                )
                .group_by(
                    T.invitations.c.region, T.invitations.c.region_name, T.invitations.c.group_id
                )
            ).all()
            for region, name, group, count in invited:
                cell(region, name, group)["invited"] += count
            opened = connection.execute(
                sa.select(T.invitations.c.region, T.invitations.c.region_name).where(
                    T.invitations.c.questionnaire == questionnaire_id,
                    T.invitations.c.kind == "open",
                )
            ).all()
            for region, name in opened:
                table.setdefault(
                    (region, None),
                    {"region_name": name, "invited": 0, "started": 0, "submitted": 0},
                )
            answered = connection.execute(
                sa.select(
                    T.responses.c.region,
                    T.responses.c.region_name,
                    T.responses.c.group_id,
                    sa.func.count(),
                    sa.func.count(T.responses.c.submitted),
                )
                .join(T.questionnaires, T.questionnaires.c.pk == T.responses.c.questionnaire)
                .where(T.questionnaires.c.id == questionnaire_id)
                .group_by(T.responses.c.region, T.responses.c.region_name, T.responses.c.group_id)
            ).all()
            for region, name, group, started, submitted in answered:
                entry = cell(region, name, group)
                entry["started"] += started
                entry["submitted"] += submitted
        return [
            Tally(
                region,
                values["region_name"],
                group,
                values["invited"],
                values["started"],
                values["submitted"],
            )
            for (region, group), values in sorted(
                table.items(), key=lambda item: (item[0][0], item[0][1] or "")
            )
        ]

    # -- the analyst's token -------------------------------------------------------------------

    def new_admin_token(self) -> str:
        """A new token for the fieldwork monitor; the one before stops working."""
        from s3engine.web.tokens import new_token

        token = new_token()
        self.set_setting("admin_token_hash", token_hash(token))
        return token

    def admin_token_ok(self, token: str) -> bool:
        import hmac

        expected = self.setting("admin_token_hash")
        return expected is not None and hmac.compare_digest(expected, token_hash(token))


# -- rows ----------------------------------------------------------------------------------


def _with_personal() -> sa.Select[Any]:
    """Responses with their personal row (read by `_stored`)."""
    return sa.select(
        T.responses, T.personal.c.organisation, T.personal.c.answers.label("mine")
    ).join(T.personal, T.personal.c.response == T.responses.c.id, isouter=True)


def _invitation(row: Any) -> Invitation:
    return Invitation(
        pk=row.pk,
        kind=row.kind,
        questionnaire=row.questionnaire,
        region=row.region,
        region_name=row.region_name,
        group=row.group_id,
        language=row.language,
        withdrawn=bool(row.withdrawn),
        wave=_wave(row),
    )


def _wave(row: Any) -> Wave | None:
    """The wave a row records (its columns `wave` and `wave_period`), if any."""
    return None if row.wave is None else Wave(id=row.wave, period=row.wave_period)


def _stored(row: Any) -> StoredResponse:
    answers = dict(row.answers)
    answers.update(row.mine or {})
    return StoredResponse(
        id=row.id,
        token_hash=row.token_hash,
        invitation=row.invitation,
        questionnaire=row.questionnaire,
        language=row.language,
        region=row.region,
        region_name=row.region_name,
        group=row.group_id,
        sector=row.sector,
        consent=row.consent,
        started=row.started,
        updated=row.updated,
        submitted=row.submitted,
        answers=answers,
        skipped=list(row.skipped),
        set_aside=dict(row.set_aside),
        organisation=row.organisation,
        revision=row.revision,
        wave=_wave(row),
    )


def _split(
    q: Questionnaire, answers: dict[str, AnswerValue]
) -> tuple[dict[str, AnswerValue], dict[str, AnswerValue]]:
    """The answers to questions that are not personal, and those to personal ones."""
    index = q.question_index
    common: dict[str, AnswerValue] = {}
    mine: dict[str, AnswerValue] = {}
    for qid, value in answers.items():
        question = index.get(qid)
        (mine if question is not None and question.personal else common)[qid] = value
    return common, mine


def _row(q: Questionnaire, response: StoredResponse) -> dict[str, Any]:
    """The `responses` row of a response: without personal data. A personal answer that a
    change hid is forgotten rather than set aside (someone who no longer wants the results
    sent has their e-mail address gone)."""
    answers = _split(q, response.answers)[0]
    set_aside = _split(q, response.set_aside)[0]
    return {
        "id": response.id,
        "token_hash": response.token_hash,
        "invitation": response.invitation,
        "questionnaire": response.questionnaire,
        "language": response.language,
        "region": response.region,
        "region_name": response.region_name,
        "group_id": response.group,
        "sector": response.sector,
        "consent": response.consent,
        "started": response.started,
        "updated": response.updated,
        "submitted": response.submitted,
        "answers": answers,
        "skipped": response.skipped,
        "set_aside": set_aside,
        "revision": response.revision,
        "wave": response.wave.id if response.wave else None,
        "wave_period": response.wave.period if response.wave else None,
    }
