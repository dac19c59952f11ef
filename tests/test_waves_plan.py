"""`plan --wave W --baseline B`: each regional plan opens with what changed since the
baseline, the charts show both waves, recommendations carry the progress of their tracking
indicators, and the joint plan lists the regions that moved class (docs/action-plans.md)."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import REPO, Cli

EXAMPLES = REPO / "examples"


def test_plans_with_a_baseline_open_with_what_changed(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "plan"
    run = cli("plan", EXAMPLES / "responses", EXAMPLES / "responses-2026",
              EXAMPLES / "needs-responses", "--data", EXAMPLES / "data" / "eurostat",
              "--wave", "2026", "--baseline", "2024", "--bootstrap", "100", "--sensitivity",
              "0", "--format", "json,md,html", "--lang", "fr", "--out", out)  # fmt: skip
    assert run.code == 0, run.err
    plan = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    regions = {r["code"]: r for r in plan["regions"]}
    assert all(r["changes"] is not None for r in regions.values())
    ith3 = regions["ITH3"]["changes"]
    assert ith3["baseline_wave"] == "2024" and ith3["current_wave"] == "2026"
    assert "amélioration réelle" in ith3["text"]  # improved, in the plan's language
    assert ith3["improved"] and not ith3["worsened"]
    at31 = regions["AT31"]["changes"]
    assert "inchangé compte tenu de l'incertitude" in at31["text"]
    assert all(d["baseline"] is not None for d in regions["ITH3"]["dimensions"])
    progress = [r["progress"] for r in regions["ITC4"]["recommendations"] if r["dimension"]]
    assert progress and all(p and p.startswith("Depuis 2024") for p in progress)
    for rec in regions["ITC4"]["recommendations"]:  # told on the item's tracking indicators
        assert all(t["label"] in rec["progress"] for t in rec["track"]), rec["id"]
    moves = {m["region"]["code"]: m for m in plan["transnational"]["class_moves"]}
    assert "AT32" in moves and moves["AT32"]["support"] is not None
    assert "AT31" not in moves
    markdown = (out / "plan.md").read_text(encoding="utf-8")
    assert markdown.count("#### Ce qui a changé depuis 2024") == len(regions)
    assert "### Régions ayant changé de classe" in markdown
    html = (out / "plan.html").read_text(encoding="utf-8")
    assert html.count('class="baseline"') == len(regions)  # both waves in every chart
    assert "Vague 2024" in html
    run = cli("plan", EXAMPLES / "responses", "--baseline", "2024", "--out", tmp_path / "x")
    assert run.code == 2 and "--baseline needs --wave" in run.err
