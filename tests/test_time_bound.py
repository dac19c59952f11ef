"""Any file of any kind is answered within a time proportional to its size.

Hypothesis builds files of every kind s3engine reads (questionnaire, scoring model,
response as YAML, JSON and JSON Lines, answers file, statistics CSV) from a shipped file
grown by one hostile construction repeated a drawn number of times: unknown keys, list
items, one long text, a text repeated through aliases, nesting, junk bytes, CSV rows,
columns or one huge cell. Each is given to the command that reads it (`check`, `survey
--answers`, `score`), which must answer (accept, or refuse with a message) within
BASE_SECONDS + SECONDS_PER_MIB per MiB of the file. A rule whose time grows with the square
of a count (60,000 unknown keys took `score` more than two minutes) is far beyond the
bound; the files stay under a few hundred KiB so that the test stays fast. The full-size
cases are measured in benchmarks/unknown_keys.py and docs/limits.md.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REPO, Cli
from hostile.fuzzing import fuzz_settings
from hypothesis import given
from hypothesis import strategies as st

#: Fixed cost of a command (loading the model, questionnaire and statistics) on a busy
#: 2-core runner, and the most time a MiB of input may add. Reading YAML costs about 3
#: microseconds per value on a free core (0.5 s per MiB at worst); the bound is 40 times
#: that, and still a twentieth of what 10,000 unknown keys cost when the rule was quadratic.
BASE_SECONDS = 3.0
SECONDS_PER_MIB = 20.0

EXAMPLES = REPO / "examples"
DATA = EXAMPLES / "data" / "eurostat"
RESPONSE = sorted((EXAMPLES / "responses" / "AT31").glob("*.yaml"))[0]
QUESTIONNAIRE = REPO / "questionnaires" / "s3-stress-test.yaml"
MODEL = REPO / "scoring" / "s3-stress-test.yaml"
CSV = DATA / "tgs00042_gerd_pct_gdp.csv"

Grow = Callable[[str, int, random.Random], str]


def unknown_keys(text: str, n: int, rng: random.Random) -> str:
    return text + "".join(f"k{i}_{rng.randrange(10**6)}: {i}\n" for i in range(n))


def list_items(text: str, n: int, rng: random.Random) -> str:
    return text + "extra:\n" + "".join(f"  - {rng.randrange(10**9)}\n" for _ in range(n))


def long_text(text: str, n: int, rng: random.Random) -> str:
    return text + "extra: " + json.dumps("".join(rng.choices("ab \u00e9\u4e2d", k=n * 10))) + "\n"


def aliases(text: str, n: int, rng: random.Random) -> str:
    big = "x" * 2000
    return text + f'base: &b "{big}"\nextra:\n' + "".join("  - *b\n" for _ in range(n))


def nesting(text: str, n: int, rng: random.Random) -> str:
    depth = n % 200
    return text + "extra: " + "[" * depth + "1" + "]" * depth + "\n"


def junk(text: str, n: int, rng: random.Random) -> str:
    cut = rng.randrange(len(text))
    noise = "".join(chr(rng.randrange(32, 0x2FF)) for _ in range(n * 5))
    return text[:cut] + noise + text[cut:]


YAML_GROWTHS: list[Grow] = [unknown_keys, list_items, long_text, aliases, nesting, junk]


def csv_rows(text: str, n: int, rng: random.Random) -> str:
    lines = text.splitlines(keepends=True)
    body = lines[1:]
    return text + "".join(
        rng.choice(body).replace("AT", f"Z{rng.randrange(9)}", 1) for _ in range(n)
    )


def csv_columns(text: str, n: int, rng: random.Random) -> str:
    lines = text.splitlines()
    extra = "," * min(n, 5000)
    return "\n".join(line + extra for line in lines) + "\n"


def csv_cell(text: str, n: int, rng: random.Random) -> str:
    lines = text.splitlines(keepends=True)
    at = rng.randrange(1, len(lines))
    lines[at] = lines[at].replace(",A,", ',"' + "q" * n * 20 + '",', 1)
    return "".join(lines)


CSV_GROWTHS: list[Grow] = [csv_rows, csv_columns, csv_cell, junk]

KINDS = ["questionnaire", "model", "response.yaml", "response.json", "jsonl", "answers", "csv"]


def make(kind: str, grow: Grow, n: int, seed: int, folder: Path) -> tuple[Path, list[str]]:
    """The file of `kind` grown by `grow` `n` times, and the command that reads it."""
    rng = random.Random(seed)
    if kind == "csv":
        data = folder / "data"
        data.mkdir()
        for path in DATA.glob("*.csv"):
            (data / path.name).write_bytes(path.read_bytes())
        target = data / CSV.name
        target.write_text(grow(CSV.read_text(encoding="utf-8"), n, rng), encoding="utf-8")
        return target, ["score", str(RESPONSE), "--data", str(data)]
    if kind in ("response.json", "jsonl"):
        text = (
            json.dumps(yaml_data(RESPONSE), default=str)
            if grow is not unknown_keys
            else json.dumps({**yaml_data(RESPONSE), **{f"k{i}": i for i in range(n)}}, default=str)
        )
        if grow is junk:
            text = junk(text, n, rng)
        elif grow is long_text:
            text = text[:-1] + ', "extra": ' + json.dumps("z" * n * 10) + "}"
        name = "r.json" if kind == "response.json" else "r.jsonl"
        path = folder / name
        path.write_text(text + "\n", encoding="utf-8")
        return path, ["score", str(path), "--data", str(DATA)]
    source = {
        "questionnaire": QUESTIONNAIRE,
        "model": MODEL,
        "response.yaml": RESPONSE,
        "answers": RESPONSE,
    }[kind]
    path = folder / ("answers.yaml" if kind == "answers" else source.name)
    path.write_text(grow(source.read_text(encoding="utf-8"), n, rng), encoding="utf-8")
    if kind == "answers":
        return path, ["survey", str(QUESTIONNAIRE), "--answers", str(path), "--out", str(folder)]
    if kind == "response.yaml":
        return path, ["score", str(path), "--data", str(DATA)]
    if kind == "model":
        return path, ["score", str(RESPONSE), "--model", str(path), "--data", str(DATA)]
    return path, ["check", str(path)]


def yaml_data(path: Path) -> dict[str, object]:
    from s3engine.io.files import load_document

    data = load_document(path).data
    assert isinstance(data, dict)
    return data


@given(
    kind=st.sampled_from(KINDS),
    growth=st.integers(0, 5),
    n=st.integers(0, 12_000),
    seed=st.integers(0, 2**16),
)
@fuzz_settings(examples=12)
def test_any_file_is_answered_in_time_proportional_to_its_size(
    cli: Cli, tmp_path_factory: pytest.TempPathFactory, kind: str, growth: int, n: int, seed: int
) -> None:
    growths = CSV_GROWTHS if kind == "csv" else YAML_GROWTHS
    grow = growths[growth % len(growths)]
    folder = tmp_path_factory.mktemp("bound")
    path, args = make(kind, grow, n, seed, folder)
    size = path.stat().st_size / (1024 * 1024)
    start = time.perf_counter()
    run = cli(*args)
    seconds = time.perf_counter() - start
    assert run.code in (0, 1), run.output
    bound = BASE_SECONDS + SECONDS_PER_MIB * size
    assert seconds < bound, f"{kind} {grow.__name__} x{n}: {size:.2f} MiB in {seconds:.1f} s"
