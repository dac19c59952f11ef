"""`make demo`: the S3 stress test on the twelve example regions, step by step.

Each step is one s3engine command, printed before it runs, so that it can be copied and run
on other files. The responses in examples/responses and examples/needs-responses are
ILLUSTRATIVE (made up by examples/make_examples.py and examples/make_needs_examples.py);
the statistics in examples/data/eurostat are real Eurostat figures (CC BY 4.0).

    python examples/demo.py [--out DIR]
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from pathlib import Path

from s3engine.cli.main import main as s3engine

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = Path("examples")
QUESTIONNAIRE = Path("questionnaires") / "s3-stress-test.yaml"
MODEL = Path("scoring") / "s3-stress-test.yaml"
RESPONSES = EXAMPLES / "responses"
DATA = EXAMPLES / "data" / "eurostat"
NEEDS = EXAMPLES / "needs-responses"
CATALOGUE = Path("scoring") / "recommendations.yaml"
SECOND_WAVE = EXAMPLES / "responses-2026"  # illustrative, examples/make_examples.py --wave 2026
TARGETS = EXAMPLES / "targets.yaml"  # illustrative targets
COMPARED = "ITH3"  # a region whose answers improved between the waves
EXPLAINED = "SI03"  # a region held back by the cohesion-policy gate
RUNS = 500


def step(title: str, *args: str) -> None:
    """Print a step and its command, run it, stop the demo if it fails."""
    print(f"\n== {title}\n$ s3engine {shlex.join(args)}\n", flush=True)
    code = s3engine(list(args))
    if code != 0:
        sys.exit(f"demo stopped: the command above exited with {code}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the S3 stress test on the examples.")
    parser.add_argument("--out", type=Path, default=Path("out"), help="folder for the results")
    args = parser.parse_args(argv)
    out: Path = args.out.resolve()
    os.chdir(ROOT)  # the commands below name the example files relative to the repository
    out.mkdir(parents=True, exist_ok=True)
    scores = out / "scores.json"
    table = out / "scores.csv"
    explanation = out / f"explain-{EXPLAINED}.txt"

    score = ["score", str(RESPONSES), "--data", str(DATA), "--model", str(MODEL)]
    runs = ["--sensitivity", str(RUNS)]
    step(
        "1. Check the questionnaire and the scoring model", "check", str(QUESTIONNAIRE), str(MODEL)
    )
    step("2. Check the (illustrative) responses", "check", "--summary", str(RESPONSES))
    step(f"3. Score the regions, with {RUNS} sensitivity runs", *score, *runs)
    step(f"4. Explain how {EXPLAINED} got its class", *score, "--explain", EXPLAINED)
    step(
        "5. Save the result for the action plans (JSON)",
        *score,
        *runs,
        "--format",
        "json",
        "--out",
        str(scores),
    )
    step(
        "6. Save the table for spreadsheets (CSV)",
        *score,
        *runs,
        "--format",
        "csv",
        "--out",
        str(table),
    )
    step(
        f"7. Save the explanation of {EXPLAINED}",
        *score,
        "--explain",
        EXPLAINED,
        "--out",
        str(explanation),
    )

    plans = out / "plan"
    plans_de = out / "plan-de"
    step(
        "8. Check the recommendation catalogue and the (illustrative) needs responses",
        "check",
        str(CATALOGUE),
        str(NEEDS),
    )
    plan = ["plan", str(RESPONSES), str(NEEDS), "--data", str(DATA), "--model", str(MODEL)]
    plan += ["--catalogue", str(CATALOGUE), *runs]
    step("9. Write the action plans in every format", *plan, "--out", str(plans))
    step(
        "10. The same plans in German, for circulation (HTML and DOCX)",
        *plan,
        "--lang",
        "de",
        "--format",
        "html,docx",
        "--out",
        str(plans_de),
    )

    compare = ["score", str(RESPONSES), str(SECOND_WAVE), "--data", str(DATA), "--model",
               str(MODEL), "--wave", "2026", "--baseline", "2024"]  # fmt: skip
    step(
        "11. Compare the second wave (2026) with the first (2024), with targets",
        *compare,
        "--targets",
        str(TARGETS),
    )
    step(f"12. What changed in {COMPARED}, dimension by dimension", *compare, "--explain", COMPARED)
    changes = out / "changes-2024-2026.json"
    step("13. Save the comparison (JSON)", *compare, "--format", "json", "--out", str(changes))

    print("\n== Files")
    print(f"  {changes}")
    for path in (scores, table, explanation):
        print(f"  {path}")
    print(f"  action plans (md, html, json, csv, xlsx, docx): {plans}/")
    print(f"  action plans in German (html, docx): {plans_de}/")
    print(f"  responses (illustrative): {RESPONSES}/ (wave 2024), {SECOND_WAVE}/ (wave 2026)")
    print(f"  needs responses (illustrative): {NEEDS}/")
    print(f"  statistics (Eurostat, CC BY 4.0): {DATA}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
