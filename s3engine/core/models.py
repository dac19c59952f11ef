"""Base models of every file s3engine reads, and the identifiers they share.

Unknown keys are errors (a typo fails instead of being ignored), values are not mutated,
and text given where a number is meant ("nan", "inf") is refused.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, ConfigDict, StringConstraints, model_validator

Identifier = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_\-]*$", max_length=80),
]
OptionValue = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_\-]*$", max_length=80)
]
RegionCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}[A-Z0-9]{0,3}$")]


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
