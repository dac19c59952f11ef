"""Base models of every file s3engine reads, and the identifiers they share.

Unknown keys are errors (a typo fails instead of being ignored), values are not mutated,
and text given where a number is meant ("nan", "inf") is refused.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, ClassVar

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints, model_validator

from s3engine.core import messages as M
from s3engine.core.bidi import BIDI_CONTROL
from s3engine.core.limits import MAX_NAME_LENGTH, MAX_ORGANISATION_LENGTH

Identifier = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_\-]*$", max_length=80),
]
OptionValue = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_\-]*$", max_length=80)
]
RegionCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}[A-Z0-9]{0,3}$")]

#: Characters a one-line name may not hold besides those: control characters (line breaks
#: and tabs included), the line and paragraph separators, and the noncharacters U+FFFE and
#: U+FFFF that XML documents cannot hold. The pattern's text, compiled by re when the first
#: name is checked (as core.bidi.BIDI_CONTROL).
_NOT_IN_NAME = "[\x00-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]"


def _name_rule(limit: int) -> Any:
    """The rule of a name of at most `limit` characters (documents show it in headings)."""

    def check(value: str) -> str:
        if len(value) > limit:
            raise ValueError(M.NAME_TOO_LONG.format(limit=limit, length=len(value)))
        if not value.strip():
            raise ValueError(M.NAME_BLANK)
        found = re.search(_NOT_IN_NAME, value)
        if found is not None:
            raise ValueError(M.NAME_LINE_BREAK.format(character=f"U+{ord(found.group()):04X}"))
        found = re.search(BIDI_CONTROL, value)
        if found is not None:
            raise ValueError(M.NAME_BIDI_CONTROL.format(character=f"U+{ord(found.group()):04X}"))
        return value

    return AfterValidator(check)


def plainly_a_name(value: Any, limit: int) -> bool:
    """A quick test for texts read by the thousand (scoring's plain path): True only for a
    name `_name_rule(limit)` and `_NO_TERMINAL_CONTROL` take. Each character they refuse
    (control characters, the line and paragraph separators, noncharacters, direction
    controls) is one str.isprintable refuses; False says nothing (ask the rule, which says
    what is wrong). tests/test_scoring_plain.py draws texts and compares."""
    return (
        value.__class__ is str
        and 0 < len(value) <= limit
        and value.isprintable()
        and not value.isspace()
    )


#: No control character a terminal acts on (an escape sequence): every free text of a file
#: has this pattern, and the readers' findings say what it means (messages.PATTERN_HINTS).
_NO_TERMINAL_CONTROL = StringConstraints(pattern=r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*$")

#: The name of a region (given by a respondent or in a questionnaire's list of regions):
#: one line of at most MAX_NAME_LENGTH characters, without direction controls.
Name = Annotated[str, _NO_TERMINAL_CONTROL, _name_rule(MAX_NAME_LENGTH)]
#: A respondent's organisation: the same rules, at most MAX_ORGANISATION_LENGTH characters.
OrganisationName = Annotated[str, _NO_TERMINAL_CONTROL, _name_rule(MAX_ORGANISATION_LENGTH)]


class Strict(BaseModel):
    """Base of every file model: unknown keys are errors, values are not mutated."""

    # allow_inf_nan: "nan" or "inf" given as text is refused like .nan and .inf.
    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=True, allow_inf_nan=False
    )


class VersionedFile(Strict):
    """Base of a definition file (questionnaire, scoring model, catalogue) with a `version`.

    YAML reads `version: 1.2` as a number; the version is kept as text ("1.2"), which is how
    responses, results and plans record it.
    """

    #: The YAML value types whose `version` is taken as text.
    VERSION_TYPES: ClassVar[tuple[type, ...]] = (int, float)

    @model_validator(mode="before")
    @classmethod
    def _version_as_text(cls, data: Any) -> Any:
        version = data.get("version") if isinstance(data, dict) else None
        if isinstance(version, cls.VERSION_TYPES) and not isinstance(version, bool):
            data = {**data, "version": str(version)}
        return data
