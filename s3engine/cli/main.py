"""The command-line interface: parse, call one function, render, return an exit code.

Each command lives in s3engine/cli/<name>.py with `register(subparsers)` (cheap: only
argparse) and `run(args) -> int` (imports what it needs). `main` catches the one base error,
S3Error, and prints its findings; anything else is a bug and shows a traceback only with
--debug.

Exit codes: 0 success, 1 invalid input or failed check, 2 usage error, 3 internal error,
130 interrupted (Ctrl-C), 143 stopped (SIGTERM).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NoReturn

from s3engine import __version__

if TYPE_CHECKING:
    from s3engine.core.findings import S3Error

COMMANDS = (
    "check",
    "schema",
    "survey",
    "serve",
    "score",
    "audit",
    "plan",
    "convert",
    "import",
    "export",
)
#: The module of a command whose name is no module name (import is a Python keyword).
MODULES = {"import": "import_", "export": "export_responses"}

#: The commands whose process ends without tearing the interpreter down (entry_point): each
#: has written its files whole (atomic_write: fsynced, renamed) before it returns. Not the
#: survey nor the web server, which hold a terminal, a database, other threads.
QUICK_END = frozenset({"check", "schema", "score", "audit", "plan", "convert", "import", "export"})

#: Whether the command last run ends its process at once (one of QUICK_END).
_quick_end = False
#: What it built, kept until then (keep_until_exit).
_KEPT: list[object] = []

EPILOG = """\
examples:
  s3engine check questionnaires/              validate every questionnaire in a folder
  s3engine schema questionnaire > q.json      JSON Schema for editors
  s3engine survey s3-stress-test --lang de    answer the shipped stress-test survey
  s3engine serve run --db sqlite:///survey.db  the same survey on the web (docs/web-survey.md)

Shipped questionnaires and models can be named without their path (s3-stress-test).
"""


def _stop_on_sigterm() -> Callable[[], None]:
    """Make SIGTERM raise Terminated in this process (a command of QUICK_END), and ask its
    loops to stop (core.stop); what puts the handler it replaced back. A process forked
    from it (parallel_count's children) ends at once, as by default: its parent stops it,
    or stops with it."""
    import signal  # (not at the top: 1.4 ms, and --help needs none)

    from s3engine.core.stop import Terminated, clear_stop, request_stop

    clear_stop()

    main_pid = os.getpid()

    def terminated(signum: int, frame: object) -> None:
        if os.getpid() != main_pid:
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        request_stop()  # for the next stop_point, should this raise be lost
        raise Terminated

    try:
        before = signal.signal(signal.SIGTERM, terminated)
    except ValueError:  # not the main thread (a test calling main from another thread)
        return lambda: None

    def restore() -> None:
        signal.signal(signal.SIGTERM, before)

    return restore


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or of `command` alone (the others' modules unread)."""
    parser = argparse.ArgumentParser(
        prog="s3engine",
        description=(
            "Smart Specialisation (S3) stress tests: stakeholder surveys, scoring of regions "
            "from answers and regional statistics, and action plans."
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"s3engine {__version__}")
    parser.add_argument(
        "--debug", action="store_true", help="show a full traceback on an internal error"
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in (command,) if command in COMMANDS else COMMANDS:
        importlib.import_module(f"s3engine.cli.{MODULES.get(name, name)}").register(subparsers)
    return parser


def command_named(argv: Sequence[str]) -> str | None:
    """The command `argv` names (its first word that is no option), if it names one: only
    that command's module is then read. The main options (--debug, --version) take no value,
    so that the first other word is the command; --help and a mistyped command get every
    command (listed, or offered as "did you mean")."""
    first = next((arg for arg in argv if not arg.startswith("-")), None)
    return first if first in COMMANDS else None


def main(argv: Sequence[str] | None = None) -> int:
    # s3engine uses no pydantic plugin: without this, the first model built looks for one
    # in the metadata of every installed package (some 10 ms of each command's start).
    # Whoever wants one (a validation tracer) sets PYDANTIC_DISABLE_PLUGINS themselves.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    global _quick_end
    _KEPT.clear()  # what an earlier command of this process kept (tests, the web)
    _quick_end = False
    parser = build_parser(command_named(sys.argv[1:] if argv is None else argv))
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, and usage errors (code 2)
        return int(exc.code or 0)
    if args.command is None:
        parser.print_help()
        return 2
    _quick_end = args.command in QUICK_END
    files = sys.modules.get("s3engine.io.files")
    if files is not None:  # loaded by an earlier command of this process (tests, web)
        files.forget_inputs()  # what it read may be written now
    lang = getattr(args, "lang", None) or "en"  # the command's language, if it has one
    restore = _stop_on_sigterm() if _quick_end else None
    try:
        return _run(args, lang)
    finally:
        if restore is not None:  # main called again in this process (tests, the web)
            restore()


def _run(args: argparse.Namespace, lang: str) -> int:
    """Run the command `args` names; its exit code, its errors printed in `lang`."""
    from s3engine.cli.render import print_error
    from s3engine.core.findings import S3Error
    from s3engine.core.stop import Terminated

    try:
        return int(args.run(args))
    except S3Error as exc:
        print_error(exc, lang)
        return exc.exit_code
    except KeyboardInterrupt as exc:
        stopped = isinstance(exc, Terminated)
        print("\nstopped" if stopped else "\ninterrupted", file=sys.stderr)
        return 143 if stopped else 130
    except BrokenPipeError:
        return 0
    except OSError as exc:  # a path the system refuses (name too long, no permission...)
        if args.debug:
            raise
        print_error(_path_error(exc), lang)
        return 1
    except Exception:
        if args.debug:
            raise
        import traceback

        last = traceback.format_exc().strip().splitlines()[-1]
        print(
            f"s3engine: internal error ({last}).\n"
            "This is a bug in s3engine, not in your files; please report it with the output "
            "of the same command run with --debug.",
            file=sys.stderr,
        )
        return 3


def _path_error(exc: OSError) -> S3Error:
    """The finding for a file system error: which path, and the system's reason."""
    from s3engine.core import messages as M
    from s3engine.core.findings import Finding, S3Error
    from s3engine.io.files import system_reason

    name = str(exc.filename) if exc.filename is not None else "s3engine"
    if len(name) > 120:
        name = f"{name[:60]}...{name[-20:]} ({len(name)} characters)"
    reason = M.PATH_UNUSABLE.format(reason=system_reason(exc))
    return S3Error(Finding(name, None, None, "", reason))


def keep_until_exit(*built: object) -> None:
    """Keep what the command built until its process ends (a command of QUICK_END): not
    freed object by object as the command returns, it is taken back by the system with the
    whole memory of the process. The result of `score` for 1,000 regions is millions of
    objects; freeing them took 0.06 s of a 3.7 s command."""
    _KEPT.extend(built)


def _end_now(code: int) -> NoReturn:
    """End the process with `code` after flushing what is printed and running the exit
    handlers (atexit, and through it weakref finalizers and the process pools' shutdown),
    without tearing the interpreter down: freeing every module and object took 0.14 s of
    `score` (benchmarks/score.py) and 0.03 s of `check` of a questionnaire (a tenth of
    it, benchmarks/startup.py). The usual end when printing fails (a closed pipe), so that
    it is reported as it always is."""
    import atexit

    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        sys.exit(code)
    atexit._run_exitfuncs()
    os._exit(code)


def entry_point() -> None:
    code = main()
    threading = sys.modules.get("threading")
    if _quick_end and (threading is None or threading.active_count() == 1):
        _end_now(code)  # a command of QUICK_END, and no other thread to wait for
    sys.exit(code)
