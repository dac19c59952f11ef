"""What a script that answers a real survey tool records as answered: NAME-given.yaml beside
the downloads it keeps (tests/kobo, tests/odk), which tests/interop_exports.given_answers
reads back. One entry per respondent who consented, under the id the import gives it (the
tool's prefix and the submission's uuid): the language the form was shown in (neither
KoboToolbox nor ODK records it), the respondent's profile and the answers.

Imported by the scripts beside it (`python scripts/NAME.py` puts this folder on the path).
"""

from __future__ import annotations

from typing import Any

import yaml


def given_yaml(head: str, prefix: str, people: list[dict[str, Any]]) -> str:
    """The record: `head` (comment lines), then respondent id -> what was given, for each
    of `people` who consented (each a dict with uuid, language, respondent, answers and
    consent), ids written `PREFIX-UUID`."""
    doc = {
        f"{prefix}-{p['uuid']}": {
            "shown_in": p["language"],
            "respondent": p["respondent"],
            "answers": p["answers"],
        }
        for p in people
        if p["consent"]
    }
    return head + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=88)
