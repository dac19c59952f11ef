"""Spider charts of a region's dimensions against the mean of all regions.

`svg()` draws one for HTML (inline, labelled, no scripts, no fonts to fetch); `png()` draws the
same geometry with the small rasteriser in raster.py for DOCX, numbering the axes 1, 2, 3 ...
so that the dimension names can stay Word text (any language, any script) in the legend
table under the picture. A missing score is drawn at 0 and marked as missing. With a baseline
wave, the region's scores in that wave are drawn too (grey, dotted): the chart shows both.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from s3engine.export.raster import Canvas

REGION = (31, 95, 139)
REGION_FILL = (205, 223, 236)
MEAN = (191, 96, 26)
GRID = (200, 200, 200)
AXIS = (150, 150, 150)
INK = (40, 40, 40)
RINGS = (20, 40, 60, 80, 100)


@dataclass(frozen=True)
class Axis:
    label: str
    score: float | None
    mean: float | None
    #: the score in the baseline wave, when waves are compared
    baseline: float | None = None


def _point(
    index: int, count: int, value: float, cx: float, cy: float, r: float
) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    share = max(0.0, min(100.0, value)) / 100
    return cx + r * share * math.cos(angle), cy + r * share * math.sin(angle)


def _polygon(values: Sequence[float], cx: float, cy: float, r: float) -> list[tuple[float, float]]:
    return [_point(i, len(values), v, cx, cy, r) for i, v in enumerate(values)]


def _wrap(label: str, width: int = 20) -> list[str]:
    words, lines, line = label.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return lines[:3] or [""]


def svg(
    axes: Sequence[Axis],
    *,
    title: str,
    region_label: str,
    mean_label: str,
    missing_label: str = "n/a",
    baseline_label: str | None = None,
) -> str:
    """An inline SVG spider chart; every text is escaped."""
    width, height, cx, cy, r = 560, 470, 280.0, 220.0, 150.0
    n = len(axes)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}" '
        'class="spider">',
        f"<title>{escape(title)}</title>",
    ]
    if n < 3:
        out.append(f'<text x="{cx}" y="{cy}" text-anchor="middle">{escape(missing_label)}</text>')
        out.append("</svg>")
        return "".join(out)
    for ring in RINGS:
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in _polygon([ring] * n, cx, cy, r))
        out.append(f'<polygon points="{pts}" fill="none" stroke="#c8c8c8" stroke-width="1"/>')
        x, y = _point(0, n, ring, cx, cy, r)
        out.append(f'<text x="{x + 4:.1f}" y="{y + 4:.1f}" class="tick">{ring}</text>')
    for i in range(n):
        x, y = _point(i, n, 100, cx, cy, r)
        out.append(
            f'<line x1="{cx}" y1="{cy}" x2="{x:.1f}" y2="{y:.1f}" stroke="#969696" '
            'stroke-width="1"/>'
        )
    means = [a.mean if a.mean is not None else 0.0 for a in axes]
    scores = [a.score if a.score is not None else 0.0 for a in axes]
    pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in _polygon(scores, cx, cy, r))
    out.append(
        f'<polygon points="{pts}" fill="#1f5f8b" fill-opacity="0.22" stroke="#1f5f8b" '
        'stroke-width="2.5" class="region"/>'
    )
    pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in _polygon(means, cx, cy, r))
    out.append(
        f'<polygon points="{pts}" fill="none" stroke="#bf601a" stroke-width="2" '
        'stroke-dasharray="6 4" class="mean"/>'
    )
    if baseline_label is not None:
        before = [a.baseline if a.baseline is not None else 0.0 for a in axes]
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in _polygon(before, cx, cy, r))
        out.append(
            f'<polygon points="{pts}" fill="none" stroke="#6e6e6e" stroke-width="2" '
            'stroke-dasharray="2 3" class="baseline"/>'
        )
    for i, axis in enumerate(axes):
        x, y = _point(i, n, scores[i], cx, cy, r)
        fill = "#1f5f8b" if axis.score is not None else "#ffffff"
        out.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{fill}" stroke="#1f5f8b" '
            'stroke-width="1.5"/>'
        )
        lx, ly = _point(i, n, 100, cx, cy, r + 18)
        anchor = "middle" if abs(lx - cx) < 10 else ("start" if lx > cx else "end")
        value = missing_label if axis.score is None else f"{axis.score:.0f}"
        lines = _wrap(axis.label)
        if ly < cy - 10:
            ly -= 13 * len(lines)
        elif abs(ly - cy) <= 10:
            ly -= 6 * len(lines)
        spans = "".join(
            f'<tspan x="{lx:.1f}" dy="{0 if k == 0 else 13}">{escape(line)}</tspan>'
            for k, line in enumerate(lines)
        )
        spans += f'<tspan x="{lx:.1f}" dy="13" class="value">{escape(value)}</tspan>'
        out.append(
            f'<text x="{lx:.1f}" y="{ly + 4:.1f}" text-anchor="{anchor}" '
            f'class="axis">{spans}</text>'
        )
    ly = height - 18
    out.append(
        f'<rect x="130" y="{ly - 9}" width="22" height="10" fill="#1f5f8b" '
        'fill-opacity="0.22" stroke="#1f5f8b" stroke-width="2"/>'
    )
    out.append(f'<text x="158" y="{ly}" class="legend">{escape(region_label)}</text>')
    out.append(
        f'<line x1="310" y1="{ly - 4}" x2="334" y2="{ly - 4}" stroke="#bf601a" '
        'stroke-width="2" stroke-dasharray="6 4"/>'
    )
    out.append(f'<text x="340" y="{ly}" class="legend">{escape(mean_label)}</text>')
    if baseline_label is not None:
        out.append(
            f'<line x1="130" y1="{ly + 10}" x2="152" y2="{ly + 10}" stroke="#6e6e6e" '
            'stroke-width="2" stroke-dasharray="2 3"/>'
        )
        out.append(f'<text x="158" y="{ly + 14}" class="legend">{escape(baseline_label)}</text>')
    out.append("</svg>")
    return "".join(out)


def png(axes: Sequence[Axis], size: int = 800) -> bytes:
    """The spider chart as a PNG, axes numbered 1..n clockwise from the top."""
    canvas = Canvas(size, size, [(255, 255, 255), REGION_FILL, GRID, AXIS, MEAN, REGION, INK])
    bg, fill, grid, axis_c, mean_c, region_c, ink = range(7)
    del bg
    n = len(axes)
    if n < 3:
        return canvas.png()
    cx = cy = size / 2
    r = size * 0.36
    scores = [a.score if a.score is not None else 0.0 for a in axes]
    means = [a.mean if a.mean is not None else 0.0 for a in axes]
    canvas.fill_polygon(_polygon(scores, cx, cy, r), fill)
    line = max(2.0, size / 320)
    for ring in RINGS:
        canvas.stroke_path(_polygon([ring] * n, cx, cy, r), line * 0.8, grid, closed=True)
    for i in range(n):
        x, y = _point(i, n, 100, cx, cy, r)
        canvas.stroke_line(cx, cy, x, y, line * 0.8, axis_c)
    canvas.stroke_path(
        _polygon(means, cx, cy, r), line * 1.6, mean_c, closed=True, dash=(size / 50, size / 80)
    )
    if any(a.baseline is not None for a in axes):  # the baseline wave, dotted in grey
        before = [a.baseline if a.baseline is not None else 0.0 for a in axes]
        canvas.stroke_path(
            _polygon(before, cx, cy, r),
            line * 1.4,
            axis_c,
            closed=True,
            dash=(size / 160, size / 110),
        )
    canvas.stroke_path(_polygon(scores, cx, cy, r), line * 2, region_c, closed=True)
    for i, (x, y) in enumerate(_polygon(scores, cx, cy, r)):
        canvas.fill_circle(x, y, line * 3.2, region_c)
        if axes[i].score is None:
            canvas.fill_circle(x, y, line * 1.8, 0)
    scale = max(2, size // 160)
    for i in range(n):
        x, y = _point(i, n, 100, cx, cy, r + size * 0.07)
        canvas.text_centered(x, y, str(i + 1), scale, ink)
    return canvas.png()
