"""The web survey's storage, on SQLite and on a real PostgreSQL server (tests/web_support.py).

What an analyst and a respondent rely on: the schema that the migrations build is the one
the code uses; a published questionnaire reads back with the same content hash; a version
that people answered cannot change under them; each save is whole and a concurrent save is
never lost unseen; personal data lives apart and goes with a delete.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import sqlalchemy as sa
from test_survey_support import load, write_small

from s3engine.core.findings import S3Error, UsageError
from s3engine.questionnaire.checks import load_questionnaire
from s3engine.questionnaire.model import Questionnaire
from s3engine.responses.model import new_respondent_id, now
from s3engine.web import schema as T
from s3engine.web.storage import Conflict, NewInvitation, Store, StoredResponse, database_url
from s3engine.web.tokens import new_token, token_hash


@pytest.fixture
def q(tmp_path: Path) -> Questionnaire:
    return load(write_small(tmp_path))


@pytest.fixture
def store(db_url: str) -> Store:
    store = Store(db_url)
    store.upgrade()
    yield store
    store.close()


def new_response(
    store: Store, q: Questionnaire, token: str, group: str = "industry"
) -> StoredResponse:
    published = store.latest(q.id)
    invitation = store.invitation(token_hash(token))
    assert invitation is not None
    moment = now()
    response = StoredResponse(
        id=new_respondent_id(),
        token_hash=token_hash(token),
        invitation=invitation.pk,
        questionnaire=published.pk,
        language="en",
        region=invitation.region,
        region_name=invitation.region_name,
        group=group,
        sector=None,
        consent=True,
        started=moment,
        updated=moment,
        submitted=None,
        organisation="Cluster Agency",
    )
    store.create_response(response)
    return response


def edited(q: Questionnaire, **changes: object) -> Questionnaire:
    """`q` with some keys changed (a new model: its content hash is computed anew)."""
    return Questionnaire.model_validate({**q.model_dump(mode="json", by_alias=True), **changes})


def invite(store: Store, q: Questionnaire, region: str = "AT31", group: str = "industry") -> str:
    token = new_token()
    store.add_invitations(
        q.id,
        [
            (
                token,
                NewInvitation("personal", region, "Oberösterreich", group, "en", "Ana", "a@x.eu"),
            )
        ],
    )
    return token


def test_the_migrated_schema_is_the_schema_the_code_uses(store: Store) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    from s3engine.web.migrations import HEAD

    with store.reading() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, T.METADATA) == []
        assert context.get_current_revision() == HEAD
        assert ScriptDirectory.from_config(store._alembic(connection)).get_current_head() == HEAD
    assert store.schema_problem() is None


def test_an_empty_database_is_told_to_be_initialised(db_url: str) -> None:
    store = Store(db_url)
    problem = store.schema_problem()
    assert problem is not None and "s3engine serve init" in problem
    store.close()


def test_urls_other_than_sqlite_and_postgresql_are_refused() -> None:
    for url in ("mysql://x@y/z", "not a url", "sqlite+pysqlcipher:///x.db"):
        with pytest.raises(UsageError, match="sqlite:///"):
            database_url(url)
    assert database_url("postgresql://u@h/d").drivername == "postgresql+psycopg"


def test_a_published_questionnaire_reads_back_with_the_same_content(
    store: Store, q: Questionnaire
) -> None:
    assert store.publish(q, source="small.yaml", model=None) == "published"
    assert store.publish(q, source="small.yaml", model=None) == "unchanged"
    latest = store.latest()
    assert (latest.id, latest.version, latest.hash) == (q.id, q.version, q.content_hash)
    assert latest.questionnaire.content_hash == q.content_hash
    shipped, _ = load_questionnaire("s3-stress-test")
    store.publish(shipped, source="s3-stress-test", model="s3-stress-test")
    assert store.latest("s3-stress-test").questionnaire.content_hash == shipped.content_hash
    with pytest.raises(UsageError, match="several questionnaires"):
        store.latest()


def test_a_version_people_answered_cannot_change_but_a_new_version_can_be_published(
    store: Store, q: Questionnaire
) -> None:
    store.publish(q, source="small.yaml", model=None)
    changed = edited(q, title="Another title")
    assert store.publish(changed, source="small.yaml", model=None) == "replaced"
    new_response(store, changed, invite(store, changed))
    again = edited(q, title="A third title")
    with pytest.raises(S3Error, match="raise its `version`"):
        store.publish(again, source="small.yaml", model=None)
    newer = edited(again, version="1.1")
    assert store.publish(newer, source="small.yaml", model=None) == "published"
    assert store.latest().version == "1.1"


def test_a_save_is_whole_and_a_concurrent_save_is_never_lost_unseen(
    store: Store, q: Questionnaire
) -> None:
    store.publish(q, source="small.yaml", model=None)
    token = invite(store, q)
    first = new_response(store, q, token)
    saved = store.save(replace(first, answers={"has_policy": True, "email": "a@x.eu"}))
    assert saved.revision == first.revision + 1
    with pytest.raises(Conflict):
        store.save(replace(first, answers={"has_policy": False}))  # from the old revision
    loaded = store.response(token_hash(token))
    assert loaded is not None
    assert loaded.answers == {"has_policy": True, "email": "a@x.eu"}
    assert loaded.organisation == "Cluster Agency"


def test_personal_data_is_stored_apart_and_left_out_of_the_response(
    store: Store, q: Questionnaire
) -> None:
    store.publish(q, source="small.yaml", model=None)
    token = invite(store, q)
    first = new_response(store, q, token)
    store.save(replace(first, answers={"has_policy": False, "email": "a@x.eu"}))
    with store.reading() as connection:
        row = connection.execute(sa.select(T.responses)).one()
        mine = connection.execute(sa.select(T.personal)).one()
    assert row.answers == {"has_policy": False}
    assert mine.answers == {"email": "a@x.eu"} and mine.organisation == "Cluster Agency"
    stored = store.response(token_hash(token))
    assert stored is not None
    response = stored.response(q)
    assert "email" not in response.answers and response.respondent.organisation is None
    full = stored.response(q, personal=True)
    assert full.answers["email"] == "a@x.eu"


def test_deleting_by_token_removes_the_response_the_personal_data_and_the_contact(
    store: Store, q: Questionnaire
) -> None:
    store.publish(q, source="small.yaml", model=None)
    token, other = invite(store, q), invite(store, q)
    new_response(store, q, token)
    new_response(store, q, other)
    assert store.delete(token_hash(token))
    assert store.response(token_hash(token)) is None
    invitation = store.invitation(token_hash(token))
    assert invitation is not None and invitation.withdrawn
    with store.reading() as connection:
        assert connection.execute(sa.select(sa.func.count()).select_from(T.responses)).scalar() == 1
        assert connection.execute(sa.select(sa.func.count()).select_from(T.personal)).scalar() == 1
        assert connection.execute(sa.select(sa.func.count()).select_from(T.contacts)).scalar() == 1
    assert not store.delete(token_hash(new_token()))


def test_tallies_count_invitations_starts_and_submissions_per_region_and_group(
    store: Store, q: Questionnaire
) -> None:
    store.publish(q, source="small.yaml", model=None)
    tokens = [invite(store, q, "AT31", "industry") for _ in range(3)]
    invite(store, q, "SI04", "academia")
    new_response(store, q, tokens[0])
    done = new_response(store, q, tokens[1])
    store.save(replace(done, submitted=now()))
    tallies = {
        (t.region, t.group): (t.invited, t.started, t.submitted) for t in store.tallies(q.id)
    }
    assert tallies == {("AT31", "industry"): (3, 2, 1), ("SI04", "academia"): (1, 0, 0)}


def test_the_admin_token_is_stored_hashed_and_replaced_by_a_new_one(store: Store) -> None:
    first = store.new_admin_token()
    assert store.admin_token_ok(first)
    second = store.new_admin_token()
    assert not store.admin_token_ok(first) and store.admin_token_ok(second)
    assert store.setting("admin_token_hash") == token_hash(second)
