"""Running the web survey: the checks before it starts, the monitor's models, uvicorn.

Before serving, `check_sources` compares every questionnaire published in the database with
its source file (where that file can still be found): a questionnaire changed since it was
published is refused until it is published again (`serve init`), as a new version once
anyone has answered it, so that no respondent answers questions other than the ones their
response records.
"""

from __future__ import annotations

import ipaddress
import json
import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from s3engine.core import messages as M
from s3engine.core.findings import UsageError
from s3engine.web.monitor import MonitorModel, MonitorSettings
from s3engine.web.storage import Published, Store


def latest_versions(store: Store) -> list[Published]:
    latest: dict[str, Published] = {}
    for item in store.published():
        latest[item.id] = item
    return list(latest.values())


def check_sources(store: Store) -> list[str]:
    """Refuse (S3Error) a questionnaire whose source changed since it was published; return
    notes on sources that can no longer be found (the published copy is served)."""
    from s3engine.io.resources import resolve
    from s3engine.questionnaire.checks import load_questionnaire

    notes: list[str] = []
    for published in latest_versions(store):
        try:
            resolve(published.source, "questionnaires")
        except UsageError:
            notes.append(
                f"{published.source}: not found; serving '{published.id}' {published.version} "
                "as published in the database"
            )
            continue
        q, _ = load_questionnaire(published.source)
        if q.id != published.id:
            continue
        if q.version != published.version:
            raise UsageError(
                M.WEB_SOURCE_NEWER.format(
                    source=published.source, id=q.id, new=q.version, old=published.version
                )
            )
        if q.content_hash != published.hash:
            raise UsageError(
                M.WEB_SOURCE_CHANGED.format(
                    source=published.source, id=q.id, version=published.version
                )
            )
    return notes


def monitor_settings(
    store: Store, *, model: str | None, data: Sequence[str]
) -> tuple[MonitorSettings, list[str]]:
    """The scoring models the monitor measures evidence against (the one named with --model,
    else the one each questionnaire was published with), and the statistics of --data."""
    from s3engine.scoring.checks import load_model
    from s3engine.scoring.inputs import load_statistics

    models: dict[str, MonitorModel] = {}
    warnings: list[str] = []
    for published in latest_versions(store):
        spec = model or published.model
        if not spec:
            continue
        scoring_model, path, questionnaire = load_model(spec)
        if questionnaire is None or questionnaire.id != published.id:
            continue
        statistics, notes = load_statistics(scoring_model, path, list(data)) if data else ({}, [])
        warnings += notes
        models[published.id] = MonitorModel(scoring_model, questionnaire, statistics)
    if model and not models:
        raise UsageError(M.WEB_MODEL_FITS_NOTHING.format(model=model))
    return MonitorSettings(models), warnings


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


#: How `serve` hands its settings to worker processes (each builds its own application).
WORKER_SETTINGS = "S3ENGINE_WEB_SETTINGS"


@dataclass(frozen=True)
class ServeSettings:
    db: str
    base_url: str | None = None
    model: str | None = None
    data: tuple[str, ...] = ()
    debug: bool = False


def build_app(settings: ServeSettings) -> Any:
    """The survey's application for one server process."""
    from s3engine.web.app import WebSettings, create_app
    from s3engine.web.storage import Store

    store = Store(settings.db)
    monitor, _ = monitor_settings(store, model=settings.model, data=settings.data)
    return create_app(
        store, WebSettings(base_url=settings.base_url, debug=settings.debug, monitor=monitor)
    )


def worker_app() -> Any:
    """The application of a worker process (`serve --workers N`), from the settings that
    the parent put in its environment."""
    values = json.loads(os.environ[WORKER_SETTINGS])
    values["data"] = tuple(values["data"])
    return build_app(ServeSettings(**values))


def serve(
    settings: ServeSettings,
    *,
    host: str,
    port: int,
    workers: int,
    forwarded_allow_ips: str | None,
) -> None:
    """Serve the survey until stopped (Ctrl-C, SIGTERM). With several workers, each is a
    process of its own on the same database (SQLite allows it in WAL mode)."""
    import uvicorn

    options: dict[str, Any] = {
        "host": host,
        "port": port,
        # Links hold tokens: no access log of paths.
        "access_log": False,
        "log_level": "debug" if settings.debug else "info",
        "proxy_headers": forwarded_allow_ips is not None,
        "forwarded_allow_ips": forwarded_allow_ips,
        "server_header": False,
        "timeout_graceful_shutdown": 10,
    }
    if workers > 1:
        os.environ[WORKER_SETTINGS] = json.dumps(asdict(settings))
        uvicorn.run("s3engine.web.server:worker_app", factory=True, workers=workers, **options)
    else:
        uvicorn.run(build_app(settings), **options)
