"""Plan exports: one module per format, each a pure function `render(plan) -> {file: bytes}`.

The `plan` command writes what they return; tests compare it with golden files.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the plan package is not needed by the modules `score` uses (safety)
    from s3engine.plan.model import Plan

Renderer = Callable[["Plan"], dict[str, bytes]]

#: Format name -> module with `render(plan) -> {file name: content}`.
FORMATS: dict[str, str] = {
    "md": "s3engine.export.markdown",
    "html": "s3engine.export.html",
    "json": "s3engine.export.json",
    "csv": "s3engine.export.csv",
    "xlsx": "s3engine.export.xlsx",
    "docx": "s3engine.export.docx",
}


def renderer(name: str) -> Renderer:
    module = importlib.import_module(FORMATS[name])
    render: Renderer = module.render
    return render


def render_all(plan: Plan, formats: Iterable[str]) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for name in formats:
        files.update(renderer(name)(plan))
    return files
