"""Importing a large KoboToolbox export, side by side with reading it with the csv module.

Writes an ILLUSTRATIVE export of the shipped s3-stress-test form (random valid answers, as
KoboToolbox lays out a CSV export: `;`, every value quoted, group paths in the headings,
select_multiple as a summary, its options in random order, and one column per option; each
submission with its own start, end and submission times), then measures in the same run:

* csv.reader: every row of the file read with the csv module (the baseline);
* csv.DictReader: the same, each row as a mapping of heading to cell;
* s3engine import: the whole import into a JSON Lines file (every row checked with the
  survey's rules and written as a response);
* csv.reader + writing: the least any import takes: the rows read with csv.reader, 1,000
  at a time, and for each 1,000 the import's own JSON Lines text of them written to a file
  (taken from the import's output before the clock starts), nothing checked or converted.
  The responses are three times the export's bytes: writing them costs about as much as
  reading the export, so this row alone is more than 2x csv.reader;

and the peak memory of the import (VmHWM), for a tenth of the export and the whole, to show
that it stays flat.

With `--xlsx` the export is the workbook KoboToolbox downloads (formpack writes it with
xlsxwriter in its constant-memory mode: one sheet, every cell an inline text, with its
dimension), and the baseline is openpyxl's read-only sheet reading every row's values
(iter_rows(values_only=True)), where the import reads the sheet's XML with lxml
(s3engine/interop/worksheet.py). Goal: the import faster than openpyxl reading alone.
Each import, and each reading with the csv module, runs in a fresh process (its wall-clock
and CPU seconds measured inside it, the library loaded first); `--repeat` rounds, the
median shown. `--baseline TREE` imports with another checkout of s3engine too
(PYTHONPATH=TREE), alternating with this one, and checks that both write the same responses;
`--tree TREE` measures that checkout instead of the installed one. Goal: the import within 2x
csv.reader, memory flat.

    python benchmarks/kobo_import.py                 # 100,000 rows
    python benchmarks/kobo_import.py --rows 20000 --repeat 3 --baseline ../main
    python benchmarks/kobo_import.py --xlsx --rows 20000      # the workbook
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from itertools import islice
from pathlib import Path

from memory import peak_mib

from s3engine.interop.form import form_version, profile_fields, rank_field
from s3engine.interop.xlsform import xlsform_sheets
from s3engine.questionnaire.answers import Visibility
from s3engine.questionnaire.checks import load_questionnaire
from s3engine.questionnaire.model import (
    MultipleChoice,
    NumberQuestion,
    Questionnaire,
    Ranking,
    ScaleQuestion,
    SingleChoice,
    TextQuestion,
    YesNo,
)

REPO = Path(__file__).resolve().parent.parent
QUIET = ("PYTHONPATH", "PYTHONDONTWRITEBYTECODE")
REGIONS = ["AT31", "AT32", "DE21", "FRK2", "ITC4", "SI04"]


def answers(
    q: Questionnaire, rng: random.Random, group: str, shown: Visibility
) -> dict[str, object]:
    out: dict[str, object] = {}
    # answer in order, so that conditions see earlier answers (shown: visible_questions,
    # remembered per outcome of the conditions)
    done: set[str] = set()
    while True:
        todo = [x for x in shown.shown(out, group).questions if x.id not in done]
        if not todo:
            return out
        question = todo[0]
        done.add(question.id)
        if not question.required and rng.random() < 0.1:
            continue
        if isinstance(question, ScaleQuestion):
            scale = q.scale_of(question)
            assert scale is not None
            out[question.id] = rng.choice(scale.points).value
        elif isinstance(question, SingleChoice):
            out[question.id] = rng.choice(q.options_of(question)).value
        elif isinstance(question, MultipleChoice):
            options = [o.value for o in q.options_of(question)]
            high = min(question.max_selections or len(options), len(options))
            out[question.id] = rng.sample(
                options, rng.randint(max(1, question.min_selections), high)
            )
        elif isinstance(question, Ranking):
            options = [o.value for o in q.options_of(question)]
            out[question.id] = rng.sample(options, min(question.top, len(options)))
        elif isinstance(question, YesNo):
            out[question.id] = rng.random() < 0.6
        elif isinstance(question, NumberQuestion):
            low = int(question.min or 0)
            high = int(question.max if question.max is not None else 40)
            value = rng.randint(low, high)
            for constraint in question.constraints:  # stay within "le: answer_of"
                ref = getattr(constraint.rule, "le", None)
                other = out.get(getattr(ref, "answer_of", ""), value)
                value = min(value, other) if isinstance(other, int) else value
            out[question.id] = value
        elif isinstance(question, TextQuestion):
            out[question.id] = rng.choice(["", "Mehr Mittel für Cluster", "=not a formula"])
            if not out[question.id]:
                del out[question.id]


def write_export(q: Questionnaire, rows: int, path: Path) -> None:
    rng = random.Random(2017)
    sheets = xlsform_sheets(q)
    fields: list[tuple[str, str, str]] = []  # heading, name, type
    groups: list[str] = []
    lists: dict[str, list[str]] = {}
    for choice in sheets.choices:
        lists.setdefault(choice["list_name"], []).append(choice["name"])
    for row in sheets.survey:
        if row["type"] == "begin_group":
            groups.append(row["name"])
        elif row["type"] == "end_group":
            groups.pop()
        else:
            fields.append(("/".join([*groups, row["name"]]), row["name"], row["type"]))
    header: list[str] = []
    for heading, _, kind in fields:
        header.append(heading)
        if kind.startswith("select_multiple"):
            header += [f"{heading}/{o}" for o in lists[kind.split()[1]]]
    header += ["_id", "_uuid", "_submission_time", "__version__"]
    profile = {name: key for key, name in profile_fields(q).items()}
    groups_ids = [g.id for g in q.profile.groups]
    shown = Visibility(q, 1_000_000)
    begin = datetime(2025, 3, 3, 8, 0, tzinfo=timezone(timedelta(hours=1)))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        writer.writerow(header)
        for number in range(1, rows + 1):
            group = rng.choice(groups_ids)
            given = answers(q, rng, group, shown)
            # each submission at its own time, as in a real export (the form opened
            # minutes before; KoboToolbox writes start/end with the device's zone)
            opened = begin + timedelta(seconds=number * 97 + rng.randint(0, 60))
            closed = opened + timedelta(seconds=rng.randint(300, 2400))
            times = {
                "start": opened.isoformat(timespec="milliseconds"),
                "end": closed.isoformat(timespec="milliseconds"),
            }
            values = {"region": rng.choice(REGIONS), "group": group, "consent": "yes"}
            cells: list[str] = []
            for _, name, kind in fields:
                if name in profile:
                    cell = str(values.get(profile[name], ""))
                elif name == "form_version":
                    cell = form_version(q)
                elif name in ("start", "end"):
                    cell = times[name]
                else:
                    base, _, rank = name.rpartition("_")
                    value = given.get(name)
                    if value is None and rank.isdigit() and rank_field(base, int(rank)) == name:
                        places = given.get(base)
                        if isinstance(places, list) and int(rank) <= len(places):
                            value = places[int(rank) - 1]
                    if isinstance(value, bool):
                        cell = "yes" if value else "no"
                    elif isinstance(value, list):
                        cell = " ".join(value)
                    else:
                        cell = "" if value is None else str(value)
                cells.append(cell)
                if kind.startswith("select_multiple"):
                    chosen = cell.split()
                    cells += [
                        ("1" if o in chosen else "0") if cell else ""
                        for o in lists[kind.split()[1]]
                    ]
            received = (closed + timedelta(seconds=rng.randint(1, 90))).astimezone(UTC)
            submitted = received.replace(tzinfo=None).isoformat(timespec="seconds")
            cells += [str(number), str(uuid.UUID(int=number)), submitted, "vQb2k"]
            writer.writerow(cells)


_CELL = '<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def write_workbook(export: Path, path: Path) -> None:
    """The CSV export as KoboToolbox's XLSX download lays it out: a workbook openpyxl
    wrote, whose sheet is replaced by the rows, every cell an inline text (formpack's
    xlsxwriter, constant_memory), with the sheet's dimension."""
    from xml.sax.saxutils import escape

    from openpyxl import Workbook
    from openpyxl.utils.cell import get_column_letter

    plain = path.with_suffix(".plain.xlsx")
    Workbook().save(plain)

    def rows() -> Iterator[list[str]]:  # read twice, never held: 100,000 rows are 1 GB
        with export.open(encoding="utf-8", newline="") as handle:
            yield from csv.reader(handle, delimiter=";")

    count, width = 0, 0
    for row in rows():
        count, width = count + 1, max(width, len(row))
    letters = [get_column_letter(i) for i in range(1, width + 1)]
    with (
        zipfile.ZipFile(plain) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                target.writestr(info, source.read(info))
        with target.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns='
                b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref='
                + f'"A1:{letters[-1]}{count}"/><sheetData>'.encode()
            )
            for number, row in enumerate(rows(), 1):
                cells = "".join(
                    _CELL.format(ref=f"{letters[i]}{number}", text=escape(text))
                    for i, text in enumerate(row)
                    if text
                )
                sheet.write(f'<row r="{number}">{cells}</row>'.encode())
            sheet.write(b"</sheetData></worksheet>")
    plain.unlink()


def time_openpyxl(path: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds of reading every row's values with openpyxl."""
    from openpyxl import load_workbook

    start, cpu = time.perf_counter(), time.process_time()
    book = load_workbook(path, read_only=True)
    for _ in book.worksheets[0].iter_rows(values_only=True):
        pass
    book.close()
    return time.perf_counter() - start, time.process_time() - cpu


def time_csv(path: Path, *, mapping: bool) -> tuple[float, float]:
    """Wall-clock and CPU seconds of reading every row."""
    start, cpu = time.perf_counter(), time.process_time()
    with path.open(encoding="utf-8", newline="") as handle:
        reader = (
            csv.DictReader(handle, delimiter=";") if mapping else csv.reader(handle, delimiter=";")
        )
        for _ in reader:
            pass
    return time.perf_counter() - start, time.process_time() - cpu


def time_floor(path: Path, written: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds of reading every row with csv.reader and writing, for
    each 1,000 rows, the JSON Lines text an import wrote of them (`written`, read first)."""
    lines = written.read_text(encoding="utf-8").splitlines(keepends=True)
    pieces = ["".join(lines[at : at + _PIECE]) for at in range(0, len(lines), _PIECE)]
    out = written.with_name("floor.jsonl")
    start, cpu = time.perf_counter(), time.process_time()
    with (
        path.open(encoding="utf-8", newline="") as handle,
        out.open("w", encoding="utf-8") as sink,
    ):
        reader = csv.reader(handle, delimiter=";")
        next(reader)  # the headings
        left = iter(pieces)
        while list(islice(reader, _PIECE)):
            sink.write(next(left, ""))
        for piece in left:
            sink.write(piece)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    out.unlink()
    return seconds, cpu


#: The row of time_floor.
FLOOR = "csv.reader + writing"
#: Rows read, and responses written, at a time by time_floor.
_PIECE = 1000


def measure_csv(path: Path, *, mapping: bool, written: Path | None = None) -> dict[str, float]:
    """time_csv in a fresh process, as each import runs: read in this one, after the export
    was generated here, it once took 1.75 s where it takes 0.75 s. With `written`: time_floor."""
    kind = "mapping" if mapping else "rows"
    if path.suffix == ".xlsx":
        kind = "openpyxl"
    extra = [str(written)] if written is not None else []
    done = subprocess.run(
        [sys.executable, __file__, "--csv", "floor" if extra else kind, str(path), *extra],
        capture_output=True,
        text=True,
        check=True,
    )
    wall, cpu = json.loads(done.stdout)
    return {"seconds": wall, "cpu": cpu}


def child(path: Path, out: Path) -> dict[str, float]:
    """Import in this process: seconds after loading the library, count, peak memory."""
    from s3engine.interop.files import import_export

    q, _ = load_questionnaire("s3-stress-test")
    start, cpu = time.perf_counter(), time.process_time()
    result = import_export(q, path, "kobo", out)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    assert result.refused == 0, result.problems[:5]
    return {"seconds": seconds, "cpu": cpu, "count": result.imported, "peak_mib": peak_mib()}


def measure(path: Path, out: Path, tree: str) -> dict[str, float]:
    env = {
        k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONDONTWRITEBYTECODE")
    }
    if tree:
        env["PYTHONPATH"] = tree
    done = subprocess.run(
        [sys.executable, __file__, "--child", str(path), str(out)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    result: dict[str, float] = json.loads(done.stdout)
    return result


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--tree", default="", help="the checkout measured")
    parser.add_argument("--baseline", default="", help="another checkout to compare with")
    parser.add_argument("--xlsx", action="store_true", help="the workbook KoboToolbox downloads")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--csv", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.csv:
        path = Path(args.csv[1])
        if args.csv[0] == "openpyxl":
            print(json.dumps(time_openpyxl(path)))
        elif args.csv[0] == "floor":
            print(json.dumps(time_floor(path, Path(args.csv[2]))))
        else:
            print(json.dumps(time_csv(path, mapping=args.csv[0] == "mapping")))
        return
    if args.child:
        print(json.dumps(child(Path(args.child[0]), Path(args.child[1]))))
        return
    q, _ = load_questionnaire("s3-stress-test")
    trees = [("s3engine import", args.tree)]
    if args.baseline:
        trees.append(("  baseline tree", args.baseline))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        big, small = folder / "kobo.csv", folder / "kobo-small.csv"
        write_export(q, args.rows, big)
        write_export(q, max(args.rows // 10, 1), small)
        if args.xlsx:
            for export in (big, small):
                write_workbook(export, export.with_suffix(".xlsx"))
            big, small = big.with_suffix(".xlsx"), small.with_suffix(".xlsx")
        size = big.stat().st_size / (1024 * 1024)
        readers = [(False, "openpyxl")] if args.xlsx else [(False, "csv.reader")]
        readers += [] if args.xlsx else [(True, "csv.DictReader")]
        for tree in {
            tree or str(Path(__file__).resolve().parent.parent / "s3engine") for _, tree in trees
        }:
            subprocess.run([sys.executable, "-m", "compileall", "-q", tree], check=True)
        runs: dict[str, list[dict[str, float]]] = {}
        digests: dict[str, str] = {}
        written = folder / "written.jsonl"  # the import's responses, for time_floor
        for _ in range(max(1, args.repeat)):  # in rounds: a busy spell hits every row
            for mapping, name in readers:
                runs.setdefault(name, []).append(measure_csv(big, mapping=mapping))
            for name, tree in trees:
                out = folder / f"{len(digests)}.jsonl"
                runs.setdefault(name, []).append(measure(big, out, tree))
                digests[name] = _digest(out)
                if args.xlsx or written.exists():
                    out.unlink()
                else:  # what time_floor writes
                    out.rename(written)
            if not args.xlsx:
                runs.setdefault(FLOOR, []).append(measure_csv(big, mapping=False, written=written))
        peaks = {
            # a file of its own each: an import never replaces a .jsonl file
            size_name: measure(path, folder / f"peak-{size_name}.jsonl", args.tree)["peak_mib"]
            for size_name, path in (("small", small), ("big", big))
        }
    rank = {name: 0 for _, name in readers} | {FLOOR: 1}  # the readers first, the imports last
    order = sorted(runs, key=lambda name: rank.get(name, 2))
    rows = {
        name: sorted(runs[name], key=lambda run: run["seconds"])[len(runs[name]) // 2]
        for name in order
    }
    first = readers[0][1]
    base = rows[first]
    kind = "workbook (XLSX)" if args.xlsx else "CSV"
    print(
        f"export: {args.rows:,} rows, {kind}, {size:.1f} MiB; the median of {args.repeat} "
        f"runs; load average {os.getloadavg()[0]:.1f}\n"
    )
    if args.xlsx:  # openpyxl parses with defusedxml's pure-Python parser where it is installed
        from openpyxl import DEFUSEDXML

        xml = "defusedxml's (pure Python)" if DEFUSEDXML else "the standard library's (C)"
        print(f"openpyxl's XML parser: {xml}\n")
    print(f"{'':20} {'seconds':>8} {'CPU s':>7}  {'vs ' + first:>22}")
    for name, r in rows.items():
        ratio = f"{r['seconds'] / base['seconds']:.2f}x (CPU {r['cpu'] / base['cpu']:.2f}x)"
        print(f"{name:20} {r['seconds']:>8.2f} {r['cpu']:>7.2f}  {ratio:>22}")
    if FLOOR in rows:
        least, mine = rows[FLOOR], rows["s3engine import"]
        print(
            f"\nthe least an import takes ({FLOOR}): {least['seconds'] / base['seconds']:.2f}x "
            f"{first}; the import {mine['seconds'] / least['seconds']:.2f}x that least"
        )
    if args.baseline:
        mine, other = rows["s3engine import"], rows["  baseline tree"]
        same = "the same" if len(set(digests.values())) == 1 else "DIFFERENT"
        print(
            f"\nthis tree / baseline: {mine['seconds'] / other['seconds']:.2f}x "
            f"(CPU {mine['cpu'] / other['cpu']:.2f}x); responses written: {same}"
        )
    print(
        f"peak memory of an import: {peaks['small']:.0f} MiB for {args.rows // 10:,} rows, "
        f"{peaks['big']:.0f} MiB for {args.rows:,} rows"
    )


if __name__ == "__main__":
    main()
