"""The anchor pipelines of benchmarks/score.py: what an analyst would write for the same numbers.

Each computes, from a JSON Lines file of responses, what `s3engine score` computes for a
model of survey indicators (the shipped model without its statistics): each answer's score
(rescaled to 0-100, "no information" missing), the mean per region, indicator and
stakeholder group, the region's value as the mean of its group means when it has at least
`min_respondents` answers from `min_groups` groups, the dimension scores (weighted means of
the indicators that have a value, when their share reaches the dimension's coverage), the
composite (weighted mean of the dimensions, all needed) and the class. They check nothing:
not the questionnaire's version or hash, not the types or bounds of answers, not the
conditions, not duplicates. That is the point of comparing: s3engine does all of it.

The model's small tables (the score of each answer, the dimensions, the thresholds) are
written by `spec` with s3engine before the pipelines run; an analyst types them in by hand.
`same_numbers` checks each pipeline's result against `score --format json`.

The pipelines need the `bench` extra (`make install-bench`): polars, duckdb, pyarrow.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

ENGINES = ("polars", "duckdb", "pandas")
#: Results are rounded to six decimals in `score --format json`; a mean computed in another
#: order may land on the other side of a rounding step.
TOLERANCE = 2e-6


def _key(value: Any) -> str:
    """An answer as the text the engines cast it to (true/false, 4, yearly)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def spec(model_path: Path) -> dict[str, Any]:
    """The model's tables, as an analyst would type them in: answer scores, dimensions, classes."""
    from s3engine.questionnaire.model import ScaleQuestion, SingleChoice, YesNo
    from s3engine.scoring.answer_scores import AnswerScores
    from s3engine.scoring.checks import load_model

    model, _, q = load_model(model_path)
    assert q is not None
    kinds: dict[str, str] = {}
    scores: dict[str, dict[str, float]] = {}
    dimensions: list[dict[str, Any]] = []
    for dimension in model.dimensions:
        indicators = []
        for indicator in dimension.indicators:
            assert indicator.question == indicator.id, "survey indicators named as their question"
            question = q.question_index[indicator.question]
            table = AnswerScores.of(q, question, rescale=indicator.rescale).table
            assert table is not None, "questions with a table of scores only"
            scores[indicator.question] = {_key(v): s for v, s in table.items() if s is not None}
            if isinstance(question, ScaleQuestion):
                kinds[indicator.question] = "int"
            elif isinstance(question, YesNo):
                kinds[indicator.question] = "bool"
            else:
                assert isinstance(question, SingleChoice)
                kinds[indicator.question] = "str"
            indicators.append({"question": indicator.question, "weight": indicator.weight})
        dimensions.append(
            {
                "id": dimension.id,
                "weight": dimension.weight,
                "coverage": model.coverage_of(dimension),
                "indicators": indicators,
            }
        )
    assert model.aggregation == "arithmetic" and model.respondents.aggregation == "group_mean"
    assert not model.respondents.group_weights, "groups weighted equally"
    return {
        "kinds": kinds,
        "scores": scores,
        "dimensions": dimensions,
        "min_respondents": model.respondents.min_respondents,
        "min_groups": model.respondents.min_groups,
        "min_dimension_share": model.min_dimension_share,
        "above": model.classes.on_threshold == "above",
        "levels": [(level.id, level.min) for level in model.classes.levels],
    }


# -- the common last step: from the region values of each indicator to classes ---------------


def classes(spec: dict[str, Any], raws: dict[str, dict[str, float]]) -> dict[str, Any]:
    """region -> {composite, class, raw}: dimensions, composite and class from the region
    values (`raws`: region -> question -> value). Regions x dimensions: a few thousand values,
    the same few lines in every pipeline."""
    out: dict[str, Any] = {}
    dims = spec["dimensions"]
    for region, raw in raws.items():
        scores: list[tuple[float, float]] = []
        for dim in dims:
            have = [
                (raw[i["question"]], i["weight"]) for i in dim["indicators"] if i["question"] in raw
            ]
            if not have or len(have) / len(dim["indicators"]) < dim["coverage"]:
                continue
            weight = sum(w for _, w in have)
            scores.append((math.fsum(v * w / weight for v, w in have), dim["weight"]))
        composite = None
        class_id = "insufficient_evidence"
        if scores and len(scores) / len(dims) >= spec["min_dimension_share"]:
            weight = sum(w for _, w in scores)
            composite = math.fsum(v * w / weight for v, w in scores)
            shown = round(composite, 6)
            for level, low in spec["levels"]:
                if low is None or (shown >= low if spec["above"] else shown > low):
                    class_id = level
                    break
        out[region] = {"composite": composite, "class": class_id, "raw": raw}
    return out


# -- the pipelines -----------------------------------------------------------------------------


def run_polars(path: Path, spec: dict[str, Any]) -> dict[str, Any]:
    import polars as pl

    types = {"int": pl.Int64, "bool": pl.Boolean, "str": pl.String}
    schema = {
        "respondent": pl.Struct({"region": pl.String, "group": pl.String}),
        "answers": pl.Struct({q: types[k] for q, k in spec["kinds"].items()}),
    }
    frame = pl.scan_ndjson(path, schema=schema).select(
        pl.col("respondent").struct.field("region"),
        pl.col("respondent").struct.field("group"),
        *[
            pl.col("answers")
            .struct.field(q)
            .cast(pl.String)
            .replace_strict(spec["scores"][q], default=None, return_dtype=pl.Float64)
            .alias(q)
            for q in spec["kinds"]
        ],
    )
    long = frame.unpivot(index=["region", "group"], variable_name="question").drop_nulls("value")
    groups = long.group_by("region", "question", "group").agg(
        pl.col("value").mean().alias("mean"), pl.len().alias("n")
    )
    regions = (
        groups.group_by("region", "question")
        .agg(pl.col("mean").mean(), pl.col("n").sum(), pl.len().alias("groups"))
        .filter((pl.col("n") >= spec["min_respondents"]) & (pl.col("groups") >= spec["min_groups"]))
        .collect()
    )
    raws: dict[str, dict[str, float]] = {}
    for region, question, mean in regions.select("region", "question", "mean").iter_rows():
        raws.setdefault(region, {})[question] = mean
    return classes(spec, raws)


def run_duckdb(path: Path, spec: dict[str, Any]) -> dict[str, Any]:
    import duckdb

    types = {"int": "BIGINT", "bool": "BOOLEAN", "str": "VARCHAR"}
    answers = ", ".join(f"{q} {types[k]}" for q, k in spec["kinds"].items())
    con = duckdb.connect()
    con.execute("CREATE TABLE scores (question VARCHAR, answer VARCHAR, score DOUBLE)")
    con.executemany(
        "INSERT INTO scores VALUES (?, ?, ?)",
        [(q, a, s) for q, table in spec["scores"].items() for a, s in table.items()],
    )
    columns = ", ".join(f"CAST(answers.{q} AS VARCHAR) AS {q}" for q in spec["kinds"])
    rows = con.execute(
        f"""
        WITH responses AS (
            SELECT respondent.region AS region, respondent."group" AS grp, {columns}
            FROM read_json(?, format = 'newline_delimited', columns = {{
                respondent: 'STRUCT(region VARCHAR, "group" VARCHAR)',
                answers: 'STRUCT({answers})'}})
        ),
        long AS (UNPIVOT responses ON COLUMNS(* EXCLUDE (region, grp))
                 INTO NAME question VALUE answer),
        groups AS (
            SELECT region, long.question, grp, avg(score) AS mean, count(*) AS n
            FROM long JOIN scores USING (question, answer)
            GROUP BY ALL
        )
        SELECT region, question, avg(mean), sum(n), count(*) FROM groups GROUP BY ALL
        HAVING sum(n) >= ? AND count(*) >= ?
        """,
        [str(path), spec["min_respondents"], spec["min_groups"]],
    ).fetchall()
    raws: dict[str, dict[str, float]] = {}
    for region, question, mean, _, _ in rows:
        raws.setdefault(region, {})[question] = mean
    return classes(spec, raws)


def run_pandas(path: Path, spec: dict[str, Any]) -> dict[str, Any]:
    import pyarrow as pa
    import pyarrow.json as pj

    types = {"int": pa.int64(), "bool": pa.bool_(), "str": pa.string()}
    schema = pa.schema(
        [
            ("respondent", pa.struct([("region", pa.string()), ("group", pa.string())])),
            ("answers", pa.struct([(q, types[k]) for q, k in spec["kinds"].items()])),
        ]
    )
    table = pj.read_json(
        path,
        parse_options=pj.ParseOptions(explicit_schema=schema, unexpected_field_behavior="ignore"),
    )
    frame = table.flatten().flatten().to_pandas()  # a pandas DataFrame from here on
    frame.columns = [c.rsplit(".", 1)[-1] for c in frame.columns]
    for q, kind in spec["kinds"].items():
        column = frame[q]
        if kind == "bool":
            column = column.map({True: "true", False: "false"})
        elif kind == "int":
            column = column.astype("Int64").astype("string")
        frame[q] = column.map(spec["scores"][q]).astype("float64")
    long = frame.melt(id_vars=["region", "group"], var_name="question").dropna(subset=["value"])
    groups = long.groupby(["region", "question", "group"])["value"].agg(["mean", "size"])
    regions = groups.groupby(level=["region", "question"]).agg(
        mean=("mean", "mean"), n=("size", "sum"), groups=("size", "size")
    )
    regions = regions[
        (regions["n"] >= spec["min_respondents"]) & (regions["groups"] >= spec["min_groups"])
    ]
    raws: dict[str, dict[str, float]] = {}
    for (region, question), mean in regions["mean"].items():
        raws.setdefault(region, {})[question] = mean
    return classes(spec, raws)


RUN = {"polars": run_polars, "duckdb": run_duckdb, "pandas": run_pandas}


# -- the check ---------------------------------------------------------------------------------


def same_numbers(anchor: dict[str, Any], scored: dict[str, Any]) -> list[str]:
    """What differs between a pipeline's result and `score --format json` (empty: nothing)."""
    problems: list[str] = []
    regions = {r["code"]: r for r in scored["regions"]}
    if set(regions) != set(anchor):
        problems.append(f"regions differ: {sorted(set(regions) ^ set(anchor))[:5]}")
    for code, mine in anchor.items():
        theirs = regions.get(code)
        if theirs is None:
            continue
        if mine["class"] != theirs["class_id"]:
            problems.append(f"{code}: class {mine['class']} != {theirs['class_id']}")
        composite = theirs["composite"]
        if (composite is None) != (mine["composite"] is None) or (
            composite is not None and abs(composite - mine["composite"]) > TOLERANCE
        ):
            problems.append(f"{code}: composite {mine['composite']} != {composite}")
        for dimension in theirs["dimensions"]:
            for indicator in dimension["indicators"]:
                value, own = indicator["raw"], mine["raw"].get(indicator["id"])
                if (value is None) != (own is None) or (
                    value is not None and own is not None and abs(value - own) > TOLERANCE
                ):
                    problems.append(f"{code} {indicator['id']}: {own} != {value}")
    return problems


def load_spec(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data
