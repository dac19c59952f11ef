"""The whole plan as JSON (plan.json); `s3engine schema plan` prints its JSON Schema.

The text is the plan's data exactly; direction controls in it (from respondents' free text)
are written as JSON escapes (\\u202e), which read back as the same characters but cannot
reverse what an editor or a terminal shows around them.
"""

from __future__ import annotations

import re

from s3engine.core.bidi import BIDI_CONTROL
from s3engine.plan.model import Plan


def render_json(plan: Plan) -> str:
    text = plan.model_dump_json(indent=2) + "\n"
    return re.sub(BIDI_CONTROL, lambda m: f"\\u{ord(m.group()):04x}", text)


def render(plan: Plan) -> dict[str, bytes]:
    return {"plan.json": render_json(plan).encode("utf-8")}
