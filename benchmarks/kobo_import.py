"""Importing a large KoboToolbox export, side by side with reading it with the csv module.

Writes an ILLUSTRATIVE export of the shipped s3-stress-test form (random valid answers, as
KoboToolbox lays out a CSV export: `;`, every value quoted, group paths in the headings,
select_multiple as a summary and one column per option), then measures in the same run:

* csv.reader: every row of the file read with the csv module (the baseline);
* csv.DictReader: the same, each row as a mapping of heading to cell;
* s3engine import: the whole import into a JSON Lines file (every row checked with the
  survey's rules and written as a response);

and the peak memory of the import, in a separate process, for two sizes of export, to show
that it stays flat.

    python benchmarks/kobo_import.py                 # 100,000 rows
    python benchmarks/kobo_import.py --rows 20000
"""

from __future__ import annotations

import argparse
import csv
import random
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from s3engine.interop.form import form_version, profile_fields, rank_field
from s3engine.interop.xlsform import xlsform_sheets
from s3engine.questionnaire.answers import visible_questions
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

REGIONS = ["AT31", "AT32", "DE21", "FRK2", "ITC4", "SI04"]


def answers(q: Questionnaire, rng: random.Random, group: str) -> dict[str, object]:
    out: dict[str, object] = {}
    # answer in order, so that conditions see earlier answers
    done: set[str] = set()
    while True:
        todo = [x for x in visible_questions(q, out, group) if x.id not in done]
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
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        writer.writerow(header)
        for number in range(1, rows + 1):
            group = rng.choice(groups_ids)
            given = answers(q, rng, group)
            values = {"region": rng.choice(REGIONS), "group": group, "consent": "yes"}
            cells: list[str] = []
            for _, name, kind in fields:
                if name in profile:
                    cell = str(values.get(profile[name], ""))
                elif name == "form_version":
                    cell = form_version(q)
                elif name in ("start", "end"):
                    cell = "2025-03-14T10:15:00.000+01:00"
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
            cells += [str(number), str(uuid.UUID(int=number)), "2025-03-14T09:41:30", "vQb2k"]
            writer.writerow(cells)


def time_csv(path: Path, *, mapping: bool) -> float:
    start = time.perf_counter()
    with path.open(encoding="utf-8", newline="") as handle:
        reader = (
            csv.DictReader(handle, delimiter=";") if mapping else csv.reader(handle, delimiter=";")
        )
        for _ in reader:
            pass
    return time.perf_counter() - start


def time_import(q: Questionnaire, path: Path, out: Path) -> tuple[float, int]:
    from s3engine.interop.files import import_export

    start = time.perf_counter()
    result = import_export(q, path, "kobo", out)
    elapsed = time.perf_counter() - start
    assert result.refused == 0, result.problems[:5]
    return elapsed, result.imported


def peak_memory(path: Path, out: Path) -> float:
    """MiB of peak resident memory of an import in a fresh process."""
    code = (
        "import resource,sys;from pathlib import Path;"
        "from s3engine.interop.files import import_export;"
        "from s3engine.questionnaire.checks import load_questionnaire;"
        "q,_=load_questionnaire('s3-stress-test');"
        f"import_export(q, Path({str(path)!r}), 'kobo', Path({str(out)!r}));"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return int(done.stdout.strip()) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    q, _ = load_questionnaire("s3-stress-test")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        big, small = folder / "kobo.csv", folder / "kobo-small.csv"
        write_export(q, args.rows, big)
        write_export(q, max(args.rows // 10, 1), small)
        size = big.stat().st_size / (1024 * 1024)
        print(f"export: {args.rows:,} rows, {size:.1f} MiB")
        reader = time_csv(big, mapping=False)
        mapping = time_csv(big, mapping=True)
        imported, count = time_import(q, big, folder / "out.jsonl")
        print(f"csv.reader        {reader:8.2f} s   1.00x")
        print(f"csv.DictReader    {mapping:8.2f} s   {mapping / reader:5.2f}x")
        ratio = imported / reader
        print(f"s3engine import   {imported:8.2f} s   {ratio:5.2f}x  ({count:,} responses)")
        small_peak = peak_memory(small, folder / "small.jsonl")
        big_peak = peak_memory(big, folder / "big.jsonl")
        print(
            f"peak memory of an import: {small_peak:.0f} MiB for {args.rows // 10:,} rows, "
            f"{big_peak:.0f} MiB for {args.rows:,} rows"
        )


if __name__ == "__main__":
    main()
