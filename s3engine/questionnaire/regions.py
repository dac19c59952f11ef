"""A list of regions: NUTS codes with their names and the languages their stakeholders use.

Analysts keep one such file per stress test (examples/regions.yaml lists the twelve example
regions); `s3engine check` validates it like any other s3engine file.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from pydantic import Field

from s3engine.core import messages as M
from s3engine.core.findings import Report, S3Error
from s3engine.core.models import Strict
from s3engine.io.yamlio import Loaded
from s3engine.questionnaire.answers import region_problem
from s3engine.questionnaire.model import Region


class RegionList(Strict):
    regions: list[Region] = Field(min_length=1)


def read_region_list(path: Path) -> list[Region]:
    """The regions of a region list file (`survey --regions`, `serve invite --regions`);
    S3Error with every problem, a code that is no NUTS code among them."""
    from s3engine.io.files import load_yaml
    from s3engine.io.validation import validate_loaded

    loaded = load_yaml(path)
    regions = validate_loaded(RegionList, loaded).regions
    findings = [
        loaded.finding(("regions", index, "code"), problem)
        for index, region in enumerate(regions)
        if (problem := region_problem(region.code)) is not None
    ]
    if findings:
        raise S3Error(findings)
    return regions


def check_region_list_file(loaded: Loaded, context: object) -> Report:
    from s3engine.io.validation import validate_loaded

    report = Report(loaded.file, "regions")
    try:
        region_list = validate_loaded(RegionList, loaded)
    except S3Error as exc:
        report.findings.extend(exc.findings)
        return report
    counts = Counter(region.code for region in region_list.regions)
    for index, region in enumerate(region_list.regions):
        problem = region_problem(region.code)
        if problem is not None:
            report.findings.append(loaded.finding(("regions", index, "code"), problem))
        if counts[region.code] > 1:
            report.findings.append(
                loaded.finding(
                    ("regions", index, "code"),
                    M.REGION_LISTED_TWICE.format(code=region.code, count=counts[region.code]),
                )
            )
    report.summary = {
        "regions": len(region_list.regions),
        "codes": " ".join(region.code for region in region_list.regions),
    }
    return report
