"""`s3engine serve ...`: the web survey: publish, invite, serve, watch, export, delete."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path
from typing import Any

from s3engine.cli.waves import add_wave_arguments, wave_from_arguments

HELP = "the web survey: publish a questionnaire, invite, serve it, monitor, export"
DESCRIPTION = """\
Run the survey on the web: respondents answer in their browser, from a personal link, in
their language, with the questionnaire's rules (the same as the terminal survey's). Answers
are stored in a database: SQLite (a file, the default) or PostgreSQL.

  init         create or upgrade the database and publish a questionnaire (again after a
               change: a questionnaire people answered must get a new version)
  invite       personal links from a contact list (CSV), or open links per region
  run          serve the survey (and the analyst's fieldwork monitor at /admin)
  status       the fieldwork: invitations, responses, and what scoring still lacks
  export       the responses as JSON Lines or one file per respondent, for score and plan
  delete       delete a respondent's answers and personal data by their token
  admin-token  a new token for the fieldwork monitor (the old one stops working)
  upgrade      bring the database's schema to this version of s3engine

Set-up, invitations, TLS, PostgreSQL, backups and privacy: docs/web-survey.md.

examples:
  s3engine serve init --db sqlite:///survey.db --questionnaire s3-stress-test
  s3engine serve invite --db sqlite:///survey.db --regions examples/regions.yaml \\
      --list contacts.csv --base-url https://survey.example.org --wave 2026 > links.csv
  s3engine serve run --db sqlite:///survey.db --port 8000
  s3engine serve status --db sqlite:///survey.db --data examples/data/eurostat
  s3engine serve export --db sqlite:///survey.db --out responses.jsonl
  s3engine score responses.jsonl --data examples/data/eurostat
"""

DB_HELP = "the database: sqlite:///FILE (default sqlite:///survey.db) or postgresql://USER@HOST/DB"


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "serve",
        help=HELP,
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="serve_command", metavar="SUBCOMMAND")
    parser.set_defaults(run=lambda args: _help(parser))

    def sub(name: str, help: str) -> argparse.ArgumentParser:
        command: argparse.ArgumentParser = commands.add_parser(name, help=help, description=help)
        command.add_argument("--db", default="sqlite:///survey.db", metavar="URL", help=DB_HELP)
        return command

    init = sub("init", "create or upgrade the database and publish a questionnaire")
    init.add_argument(
        "--questionnaire",
        required=True,
        metavar="NAME",
        help="a questionnaire file, or the name of a shipped one (s3-stress-test)",
    )
    init.add_argument(
        "--model",
        metavar="NAME",
        help="the scoring model the monitor measures evidence against (default: the shipped "
        "model of the same name, if any; 'none' for no model)",
    )
    init.set_defaults(run=_init)

    invite = sub("invite", "personal links from a contact list, or open links per region")
    invite.add_argument(
        "--list",
        metavar="CSV",
        help="contacts: columns region, group, language, name, email, organisation",
    )
    invite.add_argument(
        "--open",
        action="store_true",
        help="one open link per region instead (respondents choose their group)",
    )
    invite.add_argument(
        "--regions",
        metavar="FILE",
        help="a region list (examples/regions.yaml): names, languages, regions allowed",
    )
    invite.add_argument(
        "--questionnaire", metavar="ID", help="which published questionnaire (if several)"
    )
    invite.add_argument(
        "--base-url",
        default="http://127.0.0.1:8000",
        metavar="URL",
        help="the address respondents reach the survey at (default http://127.0.0.1:8000)",
    )
    invite.add_argument("--out", metavar="FILE", help="write the links CSV here (default: stdout)")
    add_wave_arguments(invite)
    invite.set_defaults(run=_invite)

    run = sub("run", "serve the survey")
    run.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    run.add_argument("--port", type=int, default=8000, help="port to listen on (8000)")
    run.add_argument(
        "--base-url", metavar="URL", help="the public address, e.g. https://survey.example.org"
    )
    run.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="server processes (default 1; one per core for many respondents at once)",
    )
    run.add_argument(
        "--behind-proxy",
        metavar="ADDRESSES",
        help="trust X-Forwarded-For/-Proto from these proxy addresses (e.g. 127.0.0.1)",
    )
    _monitor_arguments(run)
    run.set_defaults(run=_run)

    status = sub("status", "the fieldwork, as the monitor shows it")
    status.add_argument("--questionnaire", metavar="ID", help="which published questionnaire")
    status.add_argument("--format", choices=("table", "json"), default="table")
    status.add_argument("--lang", default="en", help="language of the labels (en)")
    _monitor_arguments(status)
    status.set_defaults(run=_status)

    export = sub("export", "the responses in s3engine's response format")
    export.add_argument(
        "--out",
        required=True,
        metavar="PATH",
        help="FILE.jsonl for JSON Lines, or a folder for one YAML file per respondent",
    )
    export.add_argument("--questionnaire", metavar="ID", help="which published questionnaire")
    export.add_argument("--version", metavar="V", help="only the responses to this version")
    export.add_argument(
        "--include-partial",
        action="store_true",
        help="also the responses not submitted yet (status partial)",
    )
    export.add_argument(
        "--pseudonymise",
        action="store_true",
        help="replace respondent ids by keyed pseudonyms and keep only the day of each time",
    )
    export.set_defaults(run=_export)

    delete = sub("delete", "delete a respondent's answers and personal data by their token")
    delete.add_argument("--token", required=True, help="the token of their link (after /s/)")
    delete.set_defaults(run=_delete)

    admin = sub("admin-token", "a new token for the fieldwork monitor")
    admin.set_defaults(run=_admin_token)

    upgrade = sub("upgrade", "bring the database's schema to this version of s3engine")
    upgrade.set_defaults(run=_upgrade)


def _monitor_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--model", metavar="NAME", help="scoring model for the evidence (default: as published)"
    )
    parser.add_argument(
        "--data",
        action="extend",
        nargs="+",
        default=[],
        metavar="FILE",
        help="regional statistics, to show each region's class as well",
    )


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _store(args: argparse.Namespace, *, ready: bool = True) -> Any:
    from s3engine.io.files import note_input
    from s3engine.web.storage import Store

    if str(args.db).startswith("sqlite:///"):  # no command writes over its database
        note_input(Path(str(args.db).removeprefix("sqlite:///")))
    store = Store(args.db)
    if ready:
        store.require_schema()
    return store


# -- init, upgrade, admin-token ---------------------------------------------------------------


def _init(args: argparse.Namespace) -> int:
    from s3engine.questionnaire.checks import load_questionnaire

    q, _ = load_questionnaire(args.questionnaire)
    model = _model_for(q.id, args.model)
    store = _store(args, ready=False)
    try:
        store.upgrade()
        outcome = store.publish(q, source=str(args.questionnaire), model=model)
        words = {
            "published": "published",
            "unchanged": "already published, unchanged",
            "replaced": "replaced (nobody had answered it yet)",
        }
        print(f"{q.id} {q.version}: {words[outcome]} in {store.display_url}")
        if model:
            print(f"fieldwork monitor: evidence against the scoring model {model}")
        if store.setting("admin_token_hash") is None:
            token = store.new_admin_token()
            print(f"fieldwork monitor token (shown once; keep it secret): {token}")
        print("next: s3engine serve invite ..., then s3engine serve run (docs/web-survey.md)")
    finally:
        store.close()
    return 0


def _model_for(questionnaire_id: str, given: str | None) -> str | None:
    """The scoring model to record: the one named, or the shipped one of the same name."""
    from s3engine.io.resources import shipped_names

    if given == "none":
        return None
    if given is not None:
        from s3engine.scoring.checks import load_model

        load_model(given)  # refuse a model that does not load now, not when serving
        return given
    return questionnaire_id if questionnaire_id in shipped_names("scoring") else None


def _upgrade(args: argparse.Namespace) -> int:
    store = _store(args, ready=False)
    try:
        store.upgrade()
        print(f"{store.display_url}: schema up to date")
    finally:
        store.close()
    return 0


def _admin_token(args: argparse.Namespace) -> int:
    store = _store(args)
    try:
        print(store.new_admin_token())
    finally:
        store.close()
    return 0


# -- invitations --------------------------------------------------------------------------


def _invite(args: argparse.Namespace) -> int:
    from s3engine.core import messages as M
    from s3engine.core.findings import UsageError
    from s3engine.io.files import atomic_write_text
    from s3engine.web import invitations

    if bool(args.list) == bool(args.open):
        raise UsageError("give either --list CONTACTS.csv or --open")
    wave = wave_from_arguments(args)
    store = _store(args)
    try:
        published = store.latest(args.questionnaire)
        q = published.questionnaire
        regions = _regions(args.regions) if args.regions else None
        if args.open:
            chosen = regions or q.profile.regions
            if not chosen:
                raise UsageError(M.WEB_NO_REGIONS)
            wanted = invitations.open_invitations(q, chosen)
        else:
            wanted = invitations.read_contacts(Path(args.list), q, regions)
        if wave is not None:
            wanted = [dataclasses.replace(item, wave=wave) for item in wanted]
        links = invitations.invite(store, q, wanted, args.base_url)
    finally:
        store.close()
    text = invitations.links_csv(links)
    if args.out:
        atomic_write_text(Path(args.out), text)
    else:
        sys.stdout.write(text)
    kind = "open links" if args.open else "personal invitations"
    print(f"{len(links)} {kind} for {q.id} {q.version}", file=sys.stderr)
    return 0


def _regions(path: str) -> Any:
    from s3engine.questionnaire.regions import read_region_list

    return read_region_list(Path(path))


# -- serving ------------------------------------------------------------------------------


def _run(args: argparse.Namespace) -> int:
    from s3engine.core import messages as M
    from s3engine.core.findings import UsageError
    from s3engine.web.server import (
        ServeSettings,
        check_sources,
        is_loopback,
        monitor_settings,
        serve,
    )

    if not 1 <= args.workers <= 64:
        raise UsageError("--workers: from 1 to 64")
    store = _store(args)
    try:
        if not store.published():
            raise UsageError(M.WEB_NOTHING_PUBLISHED.format(url=store.display_url))
        for note in check_sources(store):
            print(f"note: {note}", file=sys.stderr)
        _, warnings = monitor_settings(store, model=args.model, data=args.data)
        shown_db = store.display_url
    finally:
        store.close()
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if not is_loopback(args.host) and not (args.base_url or "").startswith("https://"):
        print(f"warning: {M.WEB_PUBLIC_HTTP.format(host=args.host)}", file=sys.stderr)
    shown = args.base_url or f"http://{args.host}:{args.port}"
    print(f"s3engine web survey on {shown} ({shown_db}); monitor: {shown}/admin")
    print("stop it with Ctrl-C", flush=True)
    settings = ServeSettings(
        db=args.db,
        base_url=args.base_url,
        model=args.model,
        data=tuple(args.data),
        debug=args.debug,
    )
    serve(
        settings,
        host=args.host,
        port=args.port,
        workers=args.workers,
        forwarded_allow_ips=args.behind_proxy,
    )
    return 0


def _status(args: argparse.Namespace) -> int:
    from s3engine.web.monitor import fieldwork
    from s3engine.web.server import latest_versions, monitor_settings

    store = _store(args)
    try:
        chosen = (
            [store.latest(args.questionnaire)] if args.questionnaire else latest_versions(store)
        )
        monitor, warnings = monitor_settings(store, model=args.model, data=args.data)
        reports = [fieldwork(store, published, args.lang, monitor) for published in chosen]
    finally:
        store.close()
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if args.format == "json":
        import json

        print(json.dumps([r.as_data() for r in reports], indent=2, ensure_ascii=False))
        return 0
    from s3engine.cli.render_serve import print_fieldwork

    print_fieldwork(reports)
    return 0


# -- export, delete -----------------------------------------------------------------------


def _export(args: argparse.Namespace) -> int:
    from s3engine.web.exporting import export

    store = _store(args)
    try:
        published = store.latest(args.questionnaire)
        done = export(
            store,
            published.id,
            Path(args.out),
            version=args.version,
            include_partial=args.include_partial,
            pseudonymise=args.pseudonymise,
        )
    finally:
        store.close()
    partial = done.responses - done.complete
    extra = f" and {partial} partial" if partial else ""
    print(f"wrote {done.path}: {done.complete} submitted{extra} responses to {published.id}")
    return 0


def _delete(args: argparse.Namespace) -> int:
    from s3engine.core import messages as M
    from s3engine.core.findings import S3Error, UsageError
    from s3engine.web.tokens import looks_like_token, token_hash

    token = args.token.strip().rstrip("/").rsplit("/", 1)[-1]
    if not looks_like_token(token):
        raise UsageError(M.AT.format(where="--token", problem=M.WEB_BAD_TOKEN))
    store = _store(args)
    try:
        if not store.delete(token_hash(token)):
            raise S3Error(M.WEB_TOKEN_UNKNOWN)
    finally:
        store.close()
    print("deleted: the response, its personal data and the invitation's contact details")
    return 0
