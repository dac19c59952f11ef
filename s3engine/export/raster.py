"""A very small rasteriser that writes palette PNGs: polygons, thick lines, dots and digits.

It exists so that DOCX charts need no imaging library: scanline polygon filling (every
stroke is drawn as a filled polygon), a 5x7 bitmap font for axis numbers, and the PNG
format written with zlib from the standard library. Output is deterministic byte for byte.
"""

from __future__ import annotations

import itertools
import math
import struct
import zlib
from collections.abc import Sequence

Point = tuple[float, float]

_DIGITS = {
    "0": ("01110", "10001", "10011", "10101", "11001", "10001", "01110"),
    "1": ("00100", "01100", "00100", "00100", "00100", "00100", "01110"),
    "2": ("01110", "10001", "00001", "00010", "00100", "01000", "11111"),
    "3": ("11110", "00001", "00001", "01110", "00001", "00001", "11110"),
    "4": ("00010", "00110", "01010", "10010", "11111", "00010", "00010"),
    "5": ("11111", "10000", "11110", "00001", "00001", "10001", "01110"),
    "6": ("00110", "01000", "10000", "11110", "10001", "10001", "01110"),
    "7": ("11111", "00001", "00010", "00100", "01000", "01000", "01000"),
    "8": ("01110", "10001", "10001", "01110", "10001", "10001", "01110"),
    "9": ("01110", "10001", "10001", "01111", "00001", "00010", "01100"),
}


def _area(points: Sequence[Point]) -> float:
    """Twice the signed area of a polygon (its sign tells which way it turns)."""
    return sum(
        x0 * y1 - x1 * y0
        for (x0, y0), (x1, y1) in zip(points, [*points[1:], points[0]], strict=True)
    )


def circle(cx: float, cy: float, radius: float) -> list[Point]:
    """A circle as a polygon (a point at least every two pixels of its circumference)."""
    steps = max(12, int(radius * 2))
    return [
        (
            cx + radius * math.cos(2 * math.pi * k / steps),
            cy + radius * math.sin(2 * math.pi * k / steps),
        )
        for k in range(steps)
    ]


def line(a: Point, b: Point, width: float) -> list[Point]:
    """A straight line `width` pixels thick, with square-cut ends, as a quadrilateral."""
    (x0, y0), (x1, y1) = a, b
    length = math.hypot(x1 - x0, y1 - y0)
    if length == 0:
        return []
    half = width / 2
    nx, ny = -(y1 - y0) / length * half, (x1 - x0) / length * half
    return [(x0 + nx, y0 + ny), (x1 + nx, y1 + ny), (x1 - nx, y1 - ny), (x0 - nx, y0 - ny)]


def dashes(
    a: Point, b: Point, width: float, dash: tuple[float, float], offset: float
) -> tuple[list[list[Point]], float]:
    """The dashes of a dashed line from `a` to `b`, continuing the pattern at `offset`, and
    the offset for the next segment."""
    (x0, y0), (x1, y1) = a, b
    on, off = dash
    period = on + off
    length = math.hypot(x1 - x0, y1 - y0)
    if length == 0:
        return [], offset
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    out = []
    t = -offset
    while t < length:
        start, end = max(t, 0.0), min(t + on, length)
        if end > start:
            out.append(
                line((x0 + ux * start, y0 + uy * start), (x0 + ux * end, y0 + uy * end), width)
            )
        t += period
    return out, (offset + length) % period


class Canvas:
    """A width x height image of palette indices (0 is the background)."""

    def __init__(self, width: int, height: int, palette: Sequence[tuple[int, int, int]]):
        if not 1 <= len(palette) <= 256:
            raise ValueError("a palette holds 1 to 256 colours")
        self.width = width
        self.height = height
        self.palette = list(palette)
        self.pixels = bytearray(width * height)

    def fill_polygon(self, points: Sequence[Point], color: int) -> None:
        """Fill a polygon, sampling each pixel at its centre."""
        self.fill_contours([points], color)

    def fill_contours(
        self,
        contours: Sequence[Sequence[Point]],
        color: int,
        *,
        holes: Sequence[Sequence[Point]] = (),
        under: bool = False,
    ) -> None:
        """Fill the union of the shapes `contours`, less the `holes`, in one pass over the
        rows: each edge is prepared once, each row looks only at the edges that cross it.
        Shapes may overlap (non-zero winding, every shape turned the same way). With `under`,
        only background pixels are painted (the shape goes under what is drawn already)."""
        edges: list[tuple[float, float, float, float, int]] = []  # y top, y bottom, x, dx/dy, dir
        shapes = [(c, 1) for c in contours] + [(h, -1) for h in holes]
        for points, sign in shapes:
            if len(points) < 3:
                continue
            if _area(points) * sign < 0:
                points = points[::-1]
            for (x0, y0), (x1, y1) in zip(points, [*points[1:], points[0]], strict=True):
                if y0 == y1:
                    continue
                direction = 1
                if y0 > y1:
                    x0, y0, x1, y1, direction = x1, y1, x0, y0, -1
                edges.append((y0, y1, x0, (x1 - x0) / (y1 - y0), direction))
        if not edges:
            return
        top = max(0, math.floor(min(e[0] for e in edges)))
        bottom = min(self.height - 1, math.ceil(max(e[1] for e in edges)))
        edges.sort()
        table = bytes([color if i == 0 else i for i in range(256)]) if under else b""
        run = bytes([color])
        width = self.width
        pixels = self.pixels
        start = 0
        active: list[tuple[float, float, float, float, int]] = []
        for row in range(top, bottom + 1):
            yc = row + 0.5
            while start < len(edges) and edges[start][0] <= yc:
                active.append(edges[start])
                start += 1
            active = [e for e in active if e[1] > yc]
            if not active:
                continue
            crossings = sorted(
                (x + (yc - y0) * slope, d) for y0, _, x, slope, d in active if y0 <= yc
            )
            base = row * width
            winding = 0
            left = 0.0
            for xc, d in crossings:
                if winding == 0:
                    left = xc
                winding += d
                if winding != 0:
                    continue
                first = max(0, math.ceil(left - 0.5))
                last = min(width - 1, math.floor(xc - 0.5))
                if last < first:
                    continue
                a, b = base + first, base + last + 1
                if under:
                    pixels[a:b] = pixels[a:b].translate(table)
                else:
                    pixels[a:b] = run * (b - a)

    def fill_circle(self, cx: float, cy: float, radius: float, color: int) -> None:
        steps = max(12, int(radius * 2))
        self.fill_polygon(
            [
                (
                    cx + radius * math.cos(2 * math.pi * k / steps),
                    cy + radius * math.sin(2 * math.pi * k / steps),
                )
                for k in range(steps)
            ],
            color,
        )

    def stroke_line(
        self,
        x0: float,
        y0: float,
        x1: float,
        y1: float,
        width: float,
        color: int,
        *,
        round_ends: bool = True,
    ) -> None:
        """A line `width` pixels thick, with round ends unless told otherwise (dashes)."""
        length = math.hypot(x1 - x0, y1 - y0)
        half = width / 2
        if length > 0:
            nx, ny = -(y1 - y0) / length * half, (x1 - x0) / length * half
            self.fill_polygon(
                [(x0 + nx, y0 + ny), (x1 + nx, y1 + ny), (x1 - nx, y1 - ny), (x0 - nx, y0 - ny)],
                color,
            )
        if round_ends:
            self.fill_circle(x0, y0, half, color)
            self.fill_circle(x1, y1, half, color)

    def stroke_ring(
        self, outline: Sequence[Point], centre: Point, width: float, color: int
    ) -> None:
        """The outline of a polygon around `centre` (a spider chart's ring), `width` pixels
        thick, filled in one pass between a copy grown and a copy shrunk by half the width."""
        cx, cy = centre
        half = width / 2

        def scaled(by: float) -> list[Point]:
            out = []
            for x, y in outline:
                dist = math.hypot(x - cx, y - cy) or 1.0
                factor = (dist + by) / dist
                out.append((cx + (x - cx) * factor, cy + (y - cy) * factor))
            return out

        self.fill_contours([scaled(half)], color, holes=[scaled(-half)])

    def copy(self) -> Canvas:
        """A canvas with the same palette and a copy of the pixels."""
        twin = Canvas(self.width, self.height, self.palette)
        twin.pixels[:] = self.pixels
        return twin

    def stroke_path(
        self,
        points: Sequence[Point],
        width: float,
        color: int,
        *,
        closed: bool = False,
        dash: tuple[float, float] | None = None,
    ) -> None:
        pairs = list(itertools.pairwise(points))
        if closed and len(points) > 2:
            pairs.append((points[-1], points[0]))
        offset = 0.0
        for (x0, y0), (x1, y1) in pairs:
            if dash is None:
                self.stroke_line(x0, y0, x1, y1, width, color)
                continue
            offset = self._dashed(x0, y0, x1, y1, width, color, dash, offset)

    def dashed(
        self, a: Point, b: Point, width: float, color: int, dash: tuple[float, float], offset: float
    ) -> float:
        """A dashed line from `a` to `b` continuing the dash pattern at `offset`; returns the
        offset for the next segment."""
        return self._dashed(a[0], a[1], b[0], b[1], width, color, dash, offset)

    def _dashed(
        self,
        x0: float,
        y0: float,
        x1: float,
        y1: float,
        width: float,
        color: int,
        dash: tuple[float, float],
        offset: float,
    ) -> float:
        on, off = dash
        period = on + off
        length = math.hypot(x1 - x0, y1 - y0)
        if length == 0:
            return offset
        ux, uy = (x1 - x0) / length, (y1 - y0) / length
        t = -offset
        while t < length:
            a, b = max(t, 0.0), min(t + on, length)
            if b > a:
                self.stroke_line(
                    x0 + ux * a,
                    y0 + uy * a,
                    x0 + ux * b,
                    y0 + uy * b,
                    width,
                    color,
                    round_ends=False,
                )
            t += period
        return (offset + length) % period

    def text_centered(self, cx: float, cy: float, digits: str, scale: int, color: int) -> None:
        """Digits from the 5x7 font, each font pixel `scale` pixels wide, centred on (cx, cy)."""
        glyphs = [_DIGITS[ch] for ch in digits if ch in _DIGITS]
        total = len(glyphs) * 6 * scale - scale
        left = round(cx - total / 2)
        top = round(cy - 7 * scale / 2)
        for g, glyph in enumerate(glyphs):
            for row, bits in enumerate(glyph):
                for col, bit in enumerate(bits):
                    if bit == "1":
                        x = left + (g * 6 + col) * scale
                        y = top + row * scale
                        self.fill_rect(x, y, scale, scale, color)

    def fill_rect(self, x: int, y: int, w: int, h: int, color: int) -> None:
        x0, x1 = max(0, x), min(self.width, x + w)
        if x1 <= x0:
            return
        for row in range(max(0, y), min(self.height, y + h)):
            base = row * self.width
            self.pixels[base + x0 : base + x1] = bytes([color]) * (x1 - x0)

    def png(self) -> bytes:
        """The image as a PNG file (colour type 3: palette, 8 bits per pixel)."""
        raw = bytearray()
        for row in range(self.height):
            raw.append(0)  # filter: none
            raw += self.pixels[row * self.width : (row + 1) * self.width]
        palette = b"".join(bytes(rgb) for rgb in self.palette)
        header = struct.pack(">IIBBBBB", self.width, self.height, 8, 3, 0, 0, 0)
        return (
            b"\x89PNG\r\n\x1a\n"
            + _chunk(b"IHDR", header)
            + _chunk(b"PLTE", palette)
            + _chunk(b"pHYs", struct.pack(">IIB", 7874, 7874, 1))  # 200 dpi
            + _chunk(b"IDAT", zlib.compress(bytes(raw), 3))
            + _chunk(b"IEND", b"")
        )


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)
