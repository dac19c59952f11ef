"""`s3engine score RESPONSES... [--data FILE...]`: score and classify regions."""

from __future__ import annotations

import argparse
from typing import Any

HELP = "score and classify regions from survey responses and regional statistics"
DESCRIPTION = """\
Score regions with a scoring model (default: the shipped s3-stress-test): survey answers and
regional statistics become indicator, dimension and composite scores and a class per region
(advanced, convergence, less advanced, or insufficient evidence).

RESPONSES are response files (.yaml, .yml, .json), JSON Lines files (.jsonl, one response per
line) and folders holding them. Every response is checked against the questionnaire the model
names; a response to another questionnaire, version or content is refused, never misread.
A model of statistics alone needs no responses: it scores every region its data hold.

--data gives the regional statistics: CSV files or folders. A model's source is matched by
file name; `--data NAME=FILE` binds the source NAME to any file.

Exit status: 0 when every response was counted, 1 when some were refused or could not be
read (the others are scored), 2 on a usage error.

examples:
  s3engine score examples/responses --data examples/data/eurostat
  s3engine score responses.jsonl --data gerd=estat_tgs00042.csv --data eurostat/ --format json
  s3engine score examples/responses --data examples/data/eurostat --explain ITH2
  s3engine score --model my-capacity-model.yaml --data eurostat/ --nuts-level 2
  s3engine score examples/responses --data examples/data/eurostat --sensitivity 500 --seed 7
"""


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "score",
        help=HELP,
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "responses", nargs="*", metavar="RESPONSES", help="response files, JSON Lines, folders"
    )
    parser.add_argument(
        "--data",
        action="extend",
        nargs="+",
        default=[],
        metavar="FILE",
        help="regional statistics: CSV files, folders, or NAME=FILE for a source of the model",
    )
    parser.add_argument(
        "--model",
        default="s3-stress-test",
        help="scoring model: a file or a shipped name (default s3-stress-test)",
    )
    which = parser.add_mutually_exclusive_group()
    which.add_argument(
        "--regions", metavar="CODES", help="score only these regions (NUTS codes, comma-separated)"
    )
    which.add_argument(
        "--nuts-level", type=int, choices=(0, 1, 2, 3), help="score only regions of this NUTS level"
    )
    parser.add_argument(
        "--format",
        choices=("table", "json", "csv"),
        default="table",
        help="output format (default table)",
    )
    parser.add_argument("--out", metavar="FILE", help="write the output to FILE instead")
    parser.add_argument(
        "--explain", metavar="REGION", help="show how the class of REGION came about"
    )
    parser.add_argument(
        "--sensitivity",
        type=_runs,
        default=0,
        metavar="N",
        help="Monte Carlo runs over weights and aggregation (class stability)",
    )
    parser.add_argument(
        "--seed", type=int, default=1, help="seed of the sensitivity analysis (default 1)"
    )
    parser.add_argument("--lang", help="language of labels (default: the model's)")
    parser.set_defaults(run=run)


def _runs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of runs, got {text!r}") from None
    if not 0 <= value <= 100_000:
        raise argparse.ArgumentTypeError("the number of runs must be from 0 to 100000")
    return value


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from s3engine.render import print_error
    from s3engine.render_score import (
        csv_text,
        explanation_text,
        print_explanation,
        print_table,
        progress_bar,
        table_text,
    )
    from s3engine.score_inputs import ScoreRequest, generated_time, score_files, sort_inputs
    from s3engine.yamlio import atomic_write_text

    regions = [c for c in args.regions.split(",") if c.strip()] if args.regions else None
    responses, data = sort_inputs(args.responses, args.data)
    request = ScoreRequest(
        responses=responses,
        data=data,
        model=args.model,
        regions=regions,
        level=args.nuts_level,
        sensitivity=args.sensitivity,
        seed=args.seed,
        generated=generated_time(),
    )
    with progress_bar() as bar:
        outcome = score_files(request, progress=bar)
    result = outcome.result
    if outcome.problems:
        from s3engine.findings import S3Error

        print_error(S3Error(outcome.problems))
    lang = args.lang or result.default_language
    explanation = None
    if args.explain:
        from s3engine.explain import explain

        explanation = explain(result, args.explain, lang)
    text: str | None = None
    if args.format == "json":
        source = explanation if explanation is not None else result
        text = source.model_dump_json(indent=2) + "\n"
    elif args.format == "csv":
        text = csv_text(result, lang)
    elif args.out:
        text = (
            explanation_text(explanation) if explanation is not None else table_text(result, lang)
        )
    if args.out:
        assert text is not None
        atomic_write_text(Path(args.out), text)
        what = (
            f"explanation of {explanation.code}"
            if explanation is not None
            else (f"{len(result.regions)} regions")
        )
        print(f"wrote {args.out} ({what}, {args.format})")
    elif text is not None:
        print(text, end="")
    elif explanation is not None:
        print_explanation(explanation)
    else:
        print_table(result, lang)
    return 1 if outcome.problems else 0
