"""Spider charts of a region's dimensions against the mean of all regions.

`svg()` draws one for HTML (inline, labelled, no scripts, no fonts to fetch); `png()` draws the
same geometry with the small rasteriser in raster.py for DOCX, numbering the axes 1, 2, 3 ...
so that the dimension names can stay Word text (any language, any script) in the legend
table under the picture.

A missing score is never drawn as 0: the outline skips the axis, so that the two sides next
to it and the wedge around it stay open (a gap), the axis label says the score is missing,
and the legend explains the gap.

With a baseline wave, the region's scores in that wave are drawn too (grey, dotted, with the
same gaps): the chart shows both waves.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from s3engine.export.raster import Canvas, circle, dashes, line
from s3engine.export.safety import html_text as escape

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


Point = tuple[float, float]


def _pieces(
    values: Sequence[float | None], cx: float, cy: float, r: float
) -> tuple[list[tuple[Point, Point]], list[Point | None]]:
    """The sides of a spider outline between neighbouring axes that both have a value, and
    the point of each axis (None where the value is missing): a missing value leaves a gap."""
    n = len(values)
    points = [None if v is None else _point(i, n, v, cx, cy, r) for i, v in enumerate(values)]
    sides = []
    for i in range(n):
        a, b = points[i], points[(i + 1) % n]
        if a is not None and b is not None:
            sides.append((a, b))
    return sides, points


def _wrap(label: str, width: int = 22) -> list[str]:
    words, lines, line = label.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    if len(lines) > 4:  # a label this long is cut visibly, never silently
        lines = [*lines[:3], lines[3] + " …"]
    return lines or [""]


def svg(
    axes: Sequence[Axis],
    *,
    title: str,
    region_label: str,
    mean_label: str,
    missing_label: str = "n/a",
    gap_label: str = "",
    baseline_label: str | None = None,
) -> str:
    """An inline SVG spider chart; every text is escaped. `gap_label` explains, in the
    legend, the gap a missing value leaves; with `baseline_label`, the baseline wave's
    scores are drawn too."""
    width, height, cx, cy, r = 560, 490 + (16 if baseline_label else 0), 280.0, 220.0, 150.0
    n = len(axes)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="-40 0 {width + 80} {height}" '
        f'width="{width + 80}" height="{height}" role="img" aria-label="{escape(title)}" '
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
    out.append(_svg_series([a.score for a in axes], cx, cy, r, mean=False))
    out.append(_svg_series([a.mean for a in axes], cx, cy, r, mean=True))
    if baseline_label is not None:
        out.append(_svg_baseline([a.baseline for a in axes], cx, cy, r))
    for i, axis in enumerate(axes):
        if axis.score is not None:
            x, y = _point(i, n, axis.score, cx, cy, r)
            out.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#1f5f8b" stroke="#1f5f8b" '
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
    ly = height - 38 - (16 if baseline_label else 0)
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
        ly += 16
        out.append(
            f'<line x1="130" y1="{ly - 4}" x2="152" y2="{ly - 4}" stroke="#6e6e6e" '
            'stroke-width="2" stroke-dasharray="2 3"/>'
        )
        out.append(f'<text x="158" y="{ly}" class="legend">{escape(baseline_label)}</text>')
    if gap_label and any(a.score is None or a.mean is None for a in axes):
        out.append(
            f'<text x="130" y="{ly + 16}" class="legend">{escape(missing_label)} '
            f"{escape(gap_label)}</text>"
        )
    out.append("</svg>")
    return "".join(out)


def _svg_series(
    values: Sequence[float | None], cx: float, cy: float, r: float, *, mean: bool
) -> str:
    """One series as SVG: a closed polygon when every value is there, else the wedges and
    sides between neighbouring values only (a gap where a value is missing)."""
    if mean:
        style = 'fill="none" stroke="#bf601a" stroke-width="2" stroke-dasharray="6 4" class="mean"'
        fill = ""
    else:
        style = 'fill="none" stroke="#1f5f8b" stroke-width="2.5" class="region"'
        fill = 'fill="#1f5f8b" fill-opacity="0.22" stroke="none"'
    if all(v is not None for v in values):
        pts = " ".join(
            f"{x:.1f},{y:.1f}" for x, y in _polygon([v or 0.0 for v in values], cx, cy, r)
        )
        if mean:
            return f'<polygon points="{pts}" {style}/>'
        return (
            f'<polygon points="{pts}" fill="#1f5f8b" fill-opacity="0.22" stroke="#1f5f8b" '
            'stroke-width="2.5" class="region"/>'
        )
    sides, _ = _pieces(values, cx, cy, r)
    parts = []
    if fill and sides:
        wedges = " ".join(
            f"M{cx:.1f},{cy:.1f} L{a[0]:.1f},{a[1]:.1f} L{b[0]:.1f},{b[1]:.1f} Z" for a, b in sides
        )
        parts.append(f'<path d="{wedges}" {fill}/>')
    if sides:
        lines = " ".join(f"M{a[0]:.1f},{a[1]:.1f} L{b[0]:.1f},{b[1]:.1f}" for a, b in sides)
        parts.append(f'<path d="{lines}" {style}/>')
    return "".join(parts)


def _svg_baseline(values: Sequence[float | None], cx: float, cy: float, r: float) -> str:
    """The baseline wave's outline, grey and dotted, open where a value is missing."""
    sides, _ = _pieces(values, cx, cy, r)
    if not sides:
        return ""
    path = " ".join(f"M{a[0]:.1f},{a[1]:.1f} L{b[0]:.1f},{b[1]:.1f}" for a, b in sides)
    return (
        f'<path d="{path}" fill="none" stroke="#6e6e6e" stroke-width="2" '
        'stroke-dasharray="2 3" class="baseline"/>'
    )


PALETTE = [(255, 255, 255), REGION_FILL, GRID, AXIS, MEAN, REGION, INK]
_BG, _FILL, _GRID, _AXIS, _MEAN, _REGION, _INK = range(7)


@functools.lru_cache(maxsize=8)
def _base(size: int, n: int) -> Canvas:
    """What every chart of `n` axes at `size` pixels shares: rings, axes and their numbers
    (drawn once, then copied for each chart)."""
    canvas = Canvas(size, size, PALETTE)
    cx = cy = size / 2
    r = size * 0.36
    width = max(2.0, size / 320) * 0.8
    for ring in RINGS:
        canvas.stroke_ring(_polygon([ring] * n, cx, cy, r), (cx, cy), width, _GRID)
    for i in range(n):
        x, y = _point(i, n, 100, cx, cy, r)
        canvas.stroke_line(cx, cy, x, y, width, _AXIS)
    scale = max(2, size // 160)
    for i in range(n):
        x, y = _point(i, n, 100, cx, cy, r + size * 0.07)
        canvas.text_centered(x, y, str(i + 1), scale, _INK)
    return canvas


def png(axes: Sequence[Axis], size: int = 640) -> bytes:
    """The spider chart as a PNG, axes numbered 1..n clockwise from the top.

    Each layer is one pass of the rasteriser: the region's area (under the rings and axes),
    the mean's dashes, the baseline wave's dots (when waves are compared), the region's
    outline with its dots."""
    n = len(axes)
    if n < 3:
        return Canvas(size, size, PALETTE).png()
    canvas = _base(size, n).copy()
    cx = cy = size / 2
    r = size * 0.36
    sides, points = _pieces([a.score for a in axes], cx, cy, r)
    if len(sides) == n:
        area = [[p for p in points if p is not None]]
    else:  # the wedges between neighbouring scores: a gap at a missing one
        area = [[(cx, cy), a, b] for a, b in sides]
    canvas.fill_contours(area, _FILL, under=True)
    width = max(2.0, size / 320)
    dashed: list[list[tuple[float, float]]] = []
    offset = 0.0
    for a, b in _pieces([a.mean for a in axes], cx, cy, r)[0]:
        pieces, offset = dashes(a, b, width * 1.6, (size / 50, size / 80), offset)
        dashed += pieces
    canvas.fill_contours(dashed, _MEAN)
    if any(a.baseline is not None for a in axes):  # the baseline wave, dotted in grey
        dotted: list[list[tuple[float, float]]] = []
        offset = 0.0
        for a, b in _pieces([a.baseline for a in axes], cx, cy, r)[0]:
            pieces, offset = dashes(a, b, width * 1.4, (size / 160, size / 110), offset)
            dotted += pieces
        canvas.fill_contours(dotted, _AXIS)
    outline = [line(a, b, width * 2) for a, b in sides]
    outline += [circle(p[0], p[1], width) for a, b in sides for p in (a, b)]
    outline += [circle(p[0], p[1], width * 3.2) for p in points if p is not None]
    canvas.fill_contours(outline, _REGION)
    return canvas.png()
