"""The whole plan as JSON (plan.json); `s3engine schema plan` prints its JSON Schema."""

from __future__ import annotations

from s3engine.plan.model import Plan


def render_json(plan: Plan) -> str:
    return plan.model_dump_json(indent=2) + "\n"


def render(plan: Plan) -> dict[str, bytes]:
    return {"plan.json": render_json(plan).encode("utf-8")}
