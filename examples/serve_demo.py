"""`make serve-demo`: the web survey on the shipped questionnaires, with example invitations.

Publishes both shipped questionnaires in a fresh SQLite database (out/serve-demo/survey.db),
invites the ILLUSTRATIVE contacts of examples/web/contacts.csv (made-up names at
example.org) and opens one open link per example region for the needs survey, prints the
links and the fieldwork monitor's token, then serves the survey on 127.0.0.1 until Ctrl-C.
Each step prints the `s3engine` command it runs; docs/web-survey.md explains them.

    python examples/serve_demo.py [--out DIR] [--port 8000]
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import shlex
import shutil
import sys
from pathlib import Path

from s3engine.cli.main import main as s3engine

EXAMPLES = Path("examples")


def step(title: str, *args: str) -> str:
    """Print a step and its command, run it and return what it printed."""
    print(f"\n== {title}\n$ s3engine {shlex.join(args)}", flush=True)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = s3engine(list(args))
    if code != 0:
        sys.exit(f"demo stopped: the command above exited with {code}")
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve the web survey on example invitations.")
    parser.add_argument("--out", type=Path, default=Path("out") / "serve-demo")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    shutil.rmtree(args.out, ignore_errors=True)
    args.out.mkdir(parents=True)
    db = f"sqlite:///{args.out / 'survey.db'}"
    base = f"http://127.0.0.1:{args.port}"
    token = ""
    for questionnaire in ("s3-stress-test", "stakeholder-needs"):
        printed = step(
            f"Publish {questionnaire}",
            "serve",
            "init",
            "--db",
            db,
            "--questionnaire",
            questionnaire,
        )
        print(printed, end="")
        if "keep it secret): " in printed:
            token = printed.split("keep it secret): ")[1].split()[0]
    links = step(
        "Personal invitations to the stress test (illustrative contacts)",
        "serve",
        "invite",
        "--db",
        db,
        "--questionnaire",
        "s3-stress-test",
        "--regions",
        str(EXAMPLES / "regions.yaml"),
        "--list",
        str(EXAMPLES / "web" / "contacts.csv"),
        "--base-url",
        base,
        "--out",
        str(args.out / "links.csv"),
    )
    open_links = step(
        "Open links to the needs survey, one per region",
        "serve",
        "invite",
        "--db",
        db,
        "--questionnaire",
        "stakeholder-needs",
        "--open",
        "--regions",
        str(EXAMPLES / "regions.yaml"),
        "--base-url",
        base,
        "--out",
        str(args.out / "open-links.csv"),
    )
    print(links + open_links, end="")
    print("\n== The links (also in", args.out / "links.csv", "and", args.out / "open-links.csv)")
    for name in ("links.csv", "open-links.csv"):
        with (args.out / name).open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                who = f"{row['region']} {row['group'] or '(open link)'} {row['language']}".strip()
                print(f"  {who:<32} {row['link']}")
    print(f"\n== Fieldwork monitor: {base}/admin  (token: {token})")
    print(f"$ s3engine serve run --db {db} --port {args.port}\n", flush=True)
    return s3engine(
        [
            "serve",
            "run",
            "--db",
            db,
            "--port",
            str(args.port),
            "--data",
            str(EXAMPLES / "data" / "eurostat"),
        ]
    )


if __name__ == "__main__":
    sys.exit(main())
