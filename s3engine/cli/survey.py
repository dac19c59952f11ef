"""`s3engine survey QUESTIONNAIRE`: answer a questionnaire in the terminal, or from a file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from s3engine.cli.waves import add_wave_arguments, wave_from_arguments

HELP = "answer a questionnaire in the terminal (or from a file of answers)"
DESCRIPTION = """\
Answer a questionnaire in the terminal, in the respondent's language: the respondent profile
first (unless given with --region and --group), then every question that applies, with help
texts, progress, skipping of optional questions and going back, and at the end a review of
all answers where any of them can be changed before submitting.

Answers are saved after every question into one file per respondent in --out. Ctrl-C, a
closed terminal or SIGTERM keep what was answered and print the command to resume it.

--wave names the round of the survey the response belongs to (S3 surveys are repeated every
two to three years; `score --baseline` compares two waves). A wave named by a year (2026) is
in the field that year; give --wave-period for another name. Without --wave, the response
belongs to the wave of the year it is started in (docs/waves.md).

Without a terminal (scripts, CI) give the answers in a YAML or JSON file with --answers: the
same rules apply, every problem is reported at once, and no file is written unless all is
well. The file formats are described in docs/response-format.md.

Exit status: 0 submitted, saved for later or consent declined; 1 invalid questionnaire or
answers; 2 usage error (also: no terminal and no --answers); 130 interrupted (answers saved).

examples:
  s3engine survey s3-stress-test --lang de --region AT33
  s3engine survey s3-stress-test --wave 2026 --region SI03 --group industry
  s3engine survey s3-stress-test --resume responses/AT33-industry-20250314T091500Z-3f2a9c1b0d4e.yaml
  s3engine survey my-survey.yaml --answers answers.yaml --out responses/
"""


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "survey",
        help=HELP,
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "questionnaire",
        metavar="QUESTIONNAIRE",
        help="a questionnaire file, or the name of a shipped one: s3-stress-test (the stress "
        "test of the S3 and its clusters), stakeholder-needs (needs of local stakeholders)",
    )
    parser.add_argument("--lang", metavar="CODE", help="language of the survey, e.g. de")
    parser.add_argument(
        "--region", metavar="NUTS", help="the respondent's region as a NUTS code, e.g. AT31"
    )
    parser.add_argument("--group", metavar="ID", help="the respondent's stakeholder group")
    add_wave_arguments(parser)
    parser.add_argument(
        "--regions",
        metavar="FILE",
        help="a region list (examples/regions.yaml): the regions offered first, by their names",
    )
    parser.add_argument(
        "--out",
        metavar="DIR",
        default="responses",
        help="folder for the response file (default: responses)",
    )
    parser.add_argument(
        "--resume", metavar="FILE", help="continue a partial response where it stopped"
    )
    parser.add_argument(
        "--answers",
        metavar="FILE",
        help="take the answers from a YAML or JSON file instead of asking (no terminal needed)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from s3engine.core import messages as M
    from s3engine.core.findings import UsageError

    if args.answers and args.resume:
        raise UsageError(M.SURVEY_ANSWERS_AND_RESUME)
    for given in (args.answers, args.resume):
        if given and not Path(given).is_file():  # a path that does not exist: a usage error
            raise UsageError(M.AT.format(where=given, problem=M.FILE_NOT_FOUND))
    if not args.answers and not sys.stdin.isatty():
        from s3engine.i18n import LANGUAGES, translator
        from s3engine.survey.terminal import language_from_environment

        # In the language asked for, else the user's (LANGUAGE, LC_ALL, LANG), else English.
        lang = args.lang or language_from_environment(LANGUAGES) or "en"
        message = M.SURVEY_NO_TERMINAL.format(spec=args.questionnaire, command=started_as())
        print(translator(lang).message(message), file=sys.stderr)
        return 2

    from s3engine.questionnaire.checks import load_questionnaire

    q, _ = load_questionnaire(args.questionnaire)
    _check_flags(q, args)
    wave = wave_from_arguments(args)
    _clean_up(Path(args.resume).parent if args.resume else Path(args.out))
    if args.answers:
        return _from_file(q, args, wave)
    return _interactive(q, args, wave)


def _clean_up(folder: Path) -> None:
    """Remove what saves killed half-way left in the folder answered into, and say so."""
    from s3engine.core import messages as M
    from s3engine.core.findings import printable
    from s3engine.io.files import remove_stale_temporaries

    removed = remove_stale_temporaries(folder)
    if removed:
        names = ", ".join(path.name for path in removed[:10])
        if len(removed) > 10:
            names += ", ..."
        message = M.STALE_TEMPORARIES_REMOVED.format(folder=folder, count=len(removed), names=names)
        print(printable(message), file=sys.stderr)


def _check_flags(q: Any, args: argparse.Namespace) -> None:
    from s3engine.core import messages as M
    from s3engine.core.findings import UsageError
    from s3engine.questionnaire.answers import profile_problems

    if args.resume and (args.region or args.group):
        raise UsageError(M.SURVEY_RESUME_PROFILE)
    if args.resume and (args.wave or args.wave_period):
        raise UsageError(M.SURVEY_RESUME_WAVE)

    given = {"language": args.lang, "region": args.region, "group": args.group}
    problems = profile_problems(
        q, region=args.region, group=args.group, sector=None, language=args.lang, complete=False
    )
    for key, message in problems:
        flag = "lang" if key == "language" else key
        raise UsageError(M.AT.format(where=f"--{flag} {given[key]}", problem=message))


def _from_file(q: Any, args: argparse.Namespace, wave: Any) -> int:
    from s3engine.cli.render import print_error
    from s3engine.core import messages as M
    from s3engine.core.findings import S3Error
    from s3engine.i18n import translator
    from s3engine.survey.script import answer_from_file

    try:
        path = answer_from_file(
            q,
            Path(args.answers),
            Path(args.out),
            lang=args.lang,
            region=args.region,
            group=args.group,
            wave=wave,
        )
    except S3Error as exc:
        print_error(exc, args.lang or "en")
        print(translator(args.lang or "en").message(M.SURVEY_NOTHING_WRITTEN), file=sys.stderr)
        return exc.exit_code
    print(path)
    return 0


def _interactive(q: Any, args: argparse.Namespace, wave: Any) -> int:
    from s3engine.core import messages as M
    from s3engine.core.findings import UsageError
    from s3engine.survey.terminal import SurveySettings, run_survey

    encoding = sys.stdout.encoding or "ascii"
    try:
        "äéč→✔━".encode(encoding)
    except (UnicodeEncodeError, LookupError):
        raise UsageError(M.SURVEY_NOT_UTF8.format(encoding=encoding)) from None

    resume = None
    resume_path = None
    if args.resume:
        resume_path = Path(args.resume)
        resume = _load_for_resume(q, resume_path, args.questionnaire)
    regions = None
    if args.regions:
        from s3engine.questionnaire.regions import read_region_list

        regions = read_region_list(Path(args.regions))
    settings = SurveySettings(
        spec=args.questionnaire,
        command=started_as(),
        regions=regions,
        lang=args.lang,
        region=args.region,
        group=args.group,
        out=Path(args.out),
        resume=resume,
        resume_path=resume_path,
        wave=wave,
    )
    return run_survey(q, settings)


def started_as(argv0: str | None = None, executable: str | None = None) -> str:
    """s3engine as the user started it, for a command printed to be run as it stands:
    `s3engine` when that is what the PATH finds, else the path typed (`.venv/bin/s3engine`),
    or `python -m s3engine` with the Python that runs it."""
    import os
    import shlex
    import shutil

    argv0 = sys.argv[0] if argv0 is None else argv0
    executable = sys.executable if executable is None else executable
    name = os.path.basename(argv0)
    if name in ("__main__.py", "-m", "-c"):
        short = os.path.basename(executable)
        found = shutil.which(short)
        same = found is not None and os.path.abspath(found) == os.path.abspath(executable)
        return f"{shlex.quote(short if same else executable)} -m s3engine"
    found = shutil.which(name)
    if found is not None and os.path.abspath(found) == os.path.abspath(argv0):
        return shlex.quote(name)
    return shlex.quote(argv0)


def _load_for_resume(q: Any, path: Path, spec: str) -> Any:
    """The partial response to continue, refused when it belongs to another questionnaire."""
    import shlex

    from s3engine.core import messages as M
    from s3engine.core.findings import S3Error
    from s3engine.core.templates import joined
    from s3engine.questionnaire.answers import check_answers
    from s3engine.responses.files import read_response

    loaded = read_response(path)
    ref = loaded.response.questionnaire
    if ref.id != q.id:
        raise S3Error(
            loaded.loaded.finding(
                ("questionnaire", "id"),
                M.SURVEY_RESUME_OTHER.format(other=ref.id, id=q.id, file=shlex.quote(str(path))),
            )
        )
    if ref.hash != q.content_hash:
        response = loaded.response
        problems = check_answers(
            q,
            response.answers,
            group=response.respondent.group,
            lang=response.language,
            complete=False,
            skipped=response.skipped,
        )
        if problems:
            # each problem translated on its own where the message is shown
            listed = joined("; ", (M.AT.format(where=q, problem=m) for q, m in problems))
            raise S3Error(
                loaded.loaded.finding(
                    ("questionnaire", "version"),
                    M.SURVEY_RESUME_CHANGED.format(
                        old=ref.version, new=q.version, id=q.id, problems=listed
                    ),
                )
            )
        print(
            M.SURVEY_RESUME_NEWER.format(old=ref.version, id=q.id, new=q.version), file=sys.stderr
        )
    return loaded
