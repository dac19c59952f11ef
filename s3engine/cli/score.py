"""`s3engine score RESPONSES... [--data FILE...]`: score and classify regions."""

from __future__ import annotations

import argparse
from typing import Any

from s3engine.cli.inputs import (
    add_input_arguments,
    add_sensitivity_arguments,
    request_values,
    runs,
)

HELP = "score and classify regions from survey responses and regional statistics"
DESCRIPTION = """\
Score regions with a scoring model (default: the shipped s3-stress-test): survey answers and
regional statistics become indicator, dimension and composite scores and a class per region
(advanced, convergence, less advanced, or insufficient evidence).

RESPONSES are response files (.yaml, .yml, .json), JSON Lines files (.jsonl, one response per
line, read line by line whatever their size) and folders holding them (searched recursively).
A response (a file, or a line) may be at most 1 MiB. Every response is checked against the
questionnaire the model names; a response to another questionnaire, version or content is
refused, never misread, and named as FILE:LINE. A model of statistics alone needs no
responses: it scores every region its data hold.

--data gives the regional statistics: CSV files or folders. A model's source is matched by
file name; `--data NAME=FILE` binds the source NAME to any file.

--wave scores the responses of one survey wave (a response without a wave belongs to the
year it was started in), with the statistics of the wave's year. --baseline compares it with
an earlier wave: per region, dimension and indicator, the value in each wave, the change,
its 95 % bootstrap interval (respondents resampled within each stakeholder group), whether
it is more than that uncertainty, and class transitions with the share of runs supporting
them (docs/waves.md).

Exit status: 0 when every response was counted, 1 when some were refused or could not be
read (the others are scored), 2 on a usage error.

examples:
  s3engine score examples/responses --data examples/data/eurostat
  s3engine score responses.jsonl --data gerd=estat_tgs00042.csv --data eurostat/ --format json
  s3engine score examples/responses --data examples/data/eurostat --explain ITH2
  s3engine score --model my-capacity-model.yaml --data eurostat/ --nuts-level 2
  s3engine score examples/responses --data examples/data/eurostat --sensitivity 500 --seed 7
  s3engine score examples/responses --data examples/data/eurostat --wave 2026 --baseline 2024
"""


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "score",
        help=HELP,
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    which = parser.add_mutually_exclusive_group()
    add_input_arguments(parser, regions_help="score only these regions", regions_group=which)
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
    add_sensitivity_arguments(
        parser, default=0, help="Monte Carlo runs over weights and aggregation (class stability)"
    )
    parser.add_argument("--lang", help="language of labels (default: the model's)")
    parser.add_argument(
        "--wave",
        metavar="ID",
        help="score only the responses of this survey wave, with the statistics of its year",
    )
    parser.add_argument(
        "--baseline",
        metavar="ID",
        help="compare --wave with this earlier wave: the change per region, dimension and "
        "indicator, its bootstrap interval, and class transitions (docs/waves.md)",
    )
    parser.add_argument(
        "--bootstrap",
        type=runs,
        default=1000,
        metavar="N",
        help="bootstrap runs of a comparison of waves (default 1000; seeded by --seed)",
    )
    parser.add_argument(
        "--data-year",
        action="append",
        default=[],
        metavar="WAVE=YEAR",
        help="the statistics of a wave as they were published then: the latest year up to "
        "YEAR (default: the wave's year), e.g. --data-year 2024=2022",
    )
    parser.add_argument(
        "--targets",
        metavar="FILE",
        help="with --baseline: a targets file; the distance to each target and whether the "
        "region is on track at the pace observed (docs/waves.md)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from s3engine.cli.main import keep_until_exit
    from s3engine.cli.render import print_error
    from s3engine.cli.render_score import (
        csv_text,
        explanation_text,
        json_document,
        json_pieces,
        print_explanation,
        print_table,
        progress_bar,
        table_text,
    )
    from s3engine.io.files import atomic_write, atomic_write_pieces
    from s3engine.scoring.inputs import ScoreRequest, score_files

    request = ScoreRequest(
        **request_values(args),
        level=args.nuts_level,
        wave=args.wave,
        baseline=args.baseline,
        bootstrap=args.bootstrap,
        targets=args.targets,
        data_years=_data_years(args.data_year),
    )
    if args.baseline is not None:
        return _compare(args, request)
    if args.targets is not None:
        from s3engine.core import messages as M
        from s3engine.core.findings import UsageError

        raise UsageError(M.WAVES_TARGETS_NEED_BASELINE)
    with progress_bar() as bar:
        outcome = score_files(request, progress=bar)
    result = outcome.result
    if args.lang is not None and args.lang not in result.languages:
        from s3engine.core import messages as M
        from s3engine.core.findings import UsageError

        languages = ", ".join(result.languages)
        raise UsageError(M.SCORE_UNKNOWN_LANGUAGE.format(lang=args.lang, languages=languages))
    if outcome.problems:
        from s3engine.core.findings import S3Error

        print_error(S3Error(outcome.problems), args.lang or "en")  # as main says its errors
    lang = args.lang or result.default_language
    explanation = None
    if args.explain:
        from s3engine.scoring.explain import explain

        explanation = explain(result, args.explain, lang)
    content: bytes | None = None
    if args.format == "json" and args.out:
        # 50 MB for a thousand regions: on disk while it is made
        atomic_write_pieces(
            Path(args.out), json_pieces(explanation if explanation is not None else result)
        )
    elif args.format == "json":
        content = json_document(explanation if explanation is not None else result)
    elif args.format == "csv":
        content = csv_text(result, lang).encode("utf-8")
    elif args.out:
        text = (
            explanation_text(explanation) if explanation is not None else table_text(result, lang)
        )
        content = text.encode("utf-8")
    if args.out:
        if content is not None:
            atomic_write(Path(args.out), content)
        what = (
            f"explanation of {explanation.code}"
            if explanation is not None
            else (f"{len(result.regions):,} regions")
        )
        print(f"wrote {args.out} ({what}, {args.format})")
    elif content is not None:
        print(content.decode("utf-8"), end="")
    elif explanation is not None:
        print_explanation(explanation)
    else:
        print_table(result, lang)
    keep_until_exit(outcome, content)
    return 1 if outcome.problems else 0


def _compare(args: argparse.Namespace, request: Any) -> int:
    """score --wave W --baseline B: what changed between the two waves."""
    from pathlib import Path

    from s3engine.cli.render import print_error
    from s3engine.cli.render_score import json_document, progress_bar
    from s3engine.cli.render_waves import comparison_csv, comparison_text, print_comparison
    from s3engine.core import messages as M
    from s3engine.core.findings import S3Error, UsageError
    from s3engine.io.files import atomic_write
    from s3engine.scoring.inputs import compare_files

    if args.wave is None:
        raise UsageError(M.WAVES_BASELINE_NEEDS_WAVE)
    if args.sensitivity:
        raise UsageError(M.WAVES_SENSITIVITY_ONE_WAVE)
    with progress_bar() as bar:
        outcome = compare_files(request, progress=bar)
    if outcome.problems:
        print_error(S3Error(outcome.problems), args.lang or "en")
    comparison, result = outcome.comparison, outcome.current
    lang = args.lang or result.default_language
    if args.explain and args.explain.upper() not in {r.code for r in comparison.regions}:
        raise UsageError(M.WAVES_EXPLAIN_NOT_COMPARED.format(region=args.explain))
    content: bytes | None = None
    if args.format == "json":
        content = json_document(comparison)
    elif args.format == "csv":
        content = comparison_csv(comparison, result, lang).encode("utf-8")
    elif args.out:
        content = comparison_text(comparison, result, lang, explain=args.explain).encode("utf-8")
    if args.out:
        assert content is not None
        atomic_write(Path(args.out), content)
        print(f"wrote {args.out} ({len(comparison.regions):,} regions compared, {args.format})")
    elif content is not None:
        print(content.decode("utf-8"), end="")
    else:
        print_comparison(comparison, result, lang, explain=args.explain)
    return 1 if outcome.problems else 0


def _data_years(specs: list[str]) -> dict[str, int]:
    """--data-year WAVE=YEAR, repeated; UsageError when one is not written so."""
    from s3engine.core import messages as M
    from s3engine.core.findings import UsageError

    years: dict[str, int] = {}
    for spec in specs:
        wave, sep, year = spec.partition("=")
        if not sep or not wave or not (year.isascii() and year.isdigit() and len(year) == 4):
            raise UsageError(M.WAVES_BAD_DATA_YEAR.format(spec=spec))
        years[wave] = int(year)
    return years
