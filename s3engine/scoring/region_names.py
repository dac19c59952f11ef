"""What a region is called in a result: the one rule of `score` and `export`.

A region's name is the one its questionnaire's own list of regions gives it (that list is
authoritative), then a name the caller gives, then the name most of its respondents wrote
(Respondent.region_name: the survey and imports record the questionnaire's name, else the
region's NUTS 2021 name in the national language, answers.region_name). One respondent
cannot rename a region for everybody: a name needs the most votes. A region none of these
names (its responses were written without a name) is called by its NUTS 2021 name, as the
survey would have recorded it (`name_of`), and by its code when it has none.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from s3engine.nuts import nuts_name
from s3engine.questionnaire.model import Questionnaire


def most_given(votes: Mapping[str, Counter[str]]) -> dict[str, str]:
    """Region -> the name most responses give it (ties: the first in alphabetical order)."""
    return {
        region: min(counted.items(), key=lambda item: (-item[1], item[0]))[0]
        for region, counted in votes.items()
        if counted
    }


def region_names(
    questionnaire: Questionnaire | None,
    voted: Mapping[str, Counter[str]],
    given: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Region -> its name: the questionnaire's list, then `given`, then the name most
    responses give it (`voted`: region -> how many responses gave each name). A region
    none of them names is left out."""
    names = {**most_given(voted), **(given or {})}
    if questionnaire is not None and questionnaire.profile.regions:
        names.update({region.code: region.name for region in questionnaire.profile.regions})
    return names


def name_of(names: Mapping[str, str], code: str) -> str | None:
    """A region's name in a result: as `region_names` names it, else its NUTS 2021 name in
    the national language (Oberösterreich for AT31), as the survey records it; None for a
    code neither knows."""
    return names.get(code) or nuts_name(code)
