"""What the check of one file may need from the other files checked in the same run."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class CheckContext:
    """What checks of one file may need from the others in the same run."""

    files: Sequence[Path]
    strict: bool = False
    #: Questionnaires named with --questionnaire, for the response files in the run.
    questionnaires: Sequence[Path] = ()
    #: What checks of several files share (e.g. the questionnaires responses answer).
    cache: dict[str, Any] = field(default_factory=dict)
