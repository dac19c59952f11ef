"""Export: the web survey's responses in s3engine's response format, for `score` and `plan`.

`--out FILE.jsonl` writes one JSON Lines file (one response per line), `--out FOLDER` one YAML
file per respondent, named as the terminal survey names them; both are read by `check`,
`score` and `plan` exactly like responses answered in the terminal (docs/response-format.md).

Exports never hold personal data: the answers to questions marked `personal` and the
organisation stay in the database (they are kept apart there too). `pseudonymise` also
replaces every respondent id by a keyed hash (the key is the database's secret: the same
respondent gets the same pseudonym in every export of this database, and nobody without the
database can link it back) and keeps only the day of every time.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from s3engine.io.files import atomic_write_text
from s3engine.responses.files import response_file_name, save_response
from s3engine.responses.model import Response
from s3engine.web.storage import Published, Store
from s3engine.web.tokens import sign


@dataclass(frozen=True)
class Exported:
    path: Path
    responses: int
    complete: int


def responses(
    store: Store,
    questionnaire_id: str,
    *,
    version: str | None = None,
    include_partial: bool = False,
    pseudonymise: bool = False,
) -> Iterator[Response]:
    """The responses to a questionnaire (every published version, or one), without personal
    data, oldest first."""
    secret = store.secret() if pseudonymise else b""
    for published in _versions(store, questionnaire_id, version):
        q = published.questionnaire
        for stored in store.stored_responses(published.pk, complete_only=not include_partial):
            response = stored.response(q)
            if pseudonymise:
                response = _pseudonymised(response, secret)
            yield response


def _versions(store: Store, questionnaire_id: str, version: str | None) -> list[Published]:
    return [
        p
        for p in store.published()
        if p.id == questionnaire_id and (version is None or p.version == version)
    ]


def _pseudonymised(response: Response, secret: bytes) -> Response:
    respondent = response.respondent.model_copy(
        update={"id": "p" + sign(secret, response.respondent.id, "pseudonym")[:23]}
    )
    return response.model_copy(
        update={
            "respondent": respondent,
            "started": _day(response.started),
            "updated": _day(response.updated),
            "submitted": _day(response.submitted) if response.submitted else None,
        }
    )


def _day(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def json_line(response: Response) -> str:
    return json.dumps(response.to_data(), ensure_ascii=False, separators=(",", ":"))


def export(
    store: Store,
    questionnaire_id: str,
    out: Path,
    *,
    version: str | None = None,
    include_partial: bool = False,
    pseudonymise: bool = False,
) -> Exported:
    """Write the responses to `out`: a .jsonl file, or a folder of YAML files."""
    found = list(
        responses(
            store,
            questionnaire_id,
            version=version,
            include_partial=include_partial,
            pseudonymise=pseudonymise,
        )
    )
    complete = sum(1 for r in found if r.status == "complete")
    if out.suffix.lower() == ".jsonl":
        atomic_write_text(out, "".join(json_line(r) + "\n" for r in found))
    else:
        out.mkdir(parents=True, exist_ok=True)
        for response in found:
            save_response(out / response_file_name(response.respondent, response.started), response)
    return Exported(out, len(found), complete)
