"""The fieldwork of `s3engine serve status` in the terminal: the monitor's figures as tables."""

from __future__ import annotations

from collections.abc import Sequence

from s3engine.cli.render import console
from s3engine.web.monitor import Fieldwork


def print_fieldwork(reports: Sequence[Fieldwork]) -> None:
    """Per questionnaire: invitations and responses by region and group, then (with a scoring
    model) each region's evidence and the groups to chase."""
    from rich.table import Table
    from rich.text import Text

    out = console()
    for report in reports:
        out.print(Text(f"{report.title} ({report.questionnaire} {report.version})", style="bold"))
        out.print(
            f"{report.invited} invited, {report.started} started, {report.submitted} submitted",
            markup=False,
        )
        if not report.regions:
            out.print("no invitations and no responses yet", style="dim")
            continue
        table = Table(header_style="bold")
        table.add_column("region", no_wrap=True)
        table.add_column("group", no_wrap=True)
        for name in ("invited", "started", "submitted"):
            table.add_column(name, justify="right")
        for region in report.regions:
            for index, group in enumerate(region.groups):
                table.add_row(
                    region.code if index == 0 else "",
                    group.group or "",
                    str(group.invited),
                    str(group.started),
                    str(group.submitted),
                    end_section=index == len(region.groups) - 1,
                )
        out.print(table)
        if not report.model:
            continue
        out.print(
            f"{report.ready} of {len(report.regions)} regions can be scored (model "
            f"{report.model}: an indicator needs {report.min_respondents} answers from "
            f"{report.min_groups} groups)",
            markup=False,
        )
        evidence = Table(header_style="bold")
        evidence.add_column("region", no_wrap=True)
        evidence.add_column("evidence")
        evidence.add_column("indicators", justify="right")
        evidence.add_column("groups to chase")
        for region in report.regions:
            found = region.evidence
            if found is None:
                continue
            verdict = "can be scored" if found.ready else "not yet"
            if found.class_label:
                verdict += f": {found.class_label}"
            chase = [g.group or "" for g in region.groups if g.label in found.chase]
            evidence.add_row(
                f"{region.code} {region.name or ''}".strip(),
                verdict,
                f"{found.with_evidence}/{found.indicators}",
                ", ".join(chase) or "-",
            )
        out.print(evidence)
        for warning in report.warnings[:12]:
            out.print(f"warning: {warning}", style="yellow", markup=False)
