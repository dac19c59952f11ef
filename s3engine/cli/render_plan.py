"""What `plan` prints and how it writes its files: a summary table of the plans, the files.

rich is imported here only (and in render.py); the documents themselves are built by
s3engine/export, which knows nothing of terminals.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from s3engine.export.common import Words, region_title
from s3engine.plan import texts as T
from s3engine.plan.model import Plan

if TYPE_CHECKING:
    from rich.console import JustifyMethod


def write_files(folder: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write the files into `folder` as one set (io.files.atomic_write_set): a reader
    never finds some of this plan's files beside some of another's."""
    from s3engine.io.files import atomic_write_set

    return atomic_write_set(folder, files)


def print_plan_summary(plan: Plan, written: Sequence[Path]) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    lang = plan.language
    console = Console(highlight=False, soft_wrap=False)
    table = Table(title=Text(plan.title), title_justify="left")
    columns: tuple[tuple[str, JustifyMethod], ...] = (
        ("col.region", "left"),
        ("col.class", "left"),
        ("col.composite", "right"),
        ("col.stability", "right"),
        ("h.recommendations", "right"),
    )
    for key, justify in columns:
        table.add_column(T.text(key, lang), justify=justify)
    w = Words(plan)
    for region in plan.regions:
        cells = (
            region_title(region),
            region.class_label,
            w.num(region.composite),
            w.stability(region),
            str(len(region.recommendations)),
        )
        table.add_row(*(Text(cell) for cell in cells))
    console.print(table)
    for region in plan.regions:
        if region.recommendations:
            first = region.recommendations[0]
            priority = T.number(first.priority, lang)
            console.print(Text(f"{region.code}: 1. {first.title} ({priority})"))
    tn = plan.transnational
    console.print(
        f"{T.text('h.joint_actions', lang)}: {len(tn.joint_actions)}; "
        f"{T.text('h.peer_learning', lang)}: {len(tn.peer_learning)}; "
        f"{T.text('h.meta_clusters', lang)}: {len(tn.meta_clusters)}; "
        f"{T.text('h.joint_calls', lang)}: {len(tn.joint_calls)}",
        markup=False,
    )
    for path in written:
        console.print(f"wrote {path}", markup=False)
