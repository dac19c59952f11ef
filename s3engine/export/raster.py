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

import numpy as np

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
        """Fill the union of the shapes `contours`, less the `holes`, sampling each pixel at
        its centre. Shapes may overlap (non-zero winding, every shape turned the same way).
        With `under`, only background pixels are painted (the shape goes under what is
        drawn already).

        Vectorised with numpy: each edge adds its direction (+1 down, -1 up) at the first
        pixel of every row it crosses whose centre lies right of the crossing; a running sum
        along each row is then the winding number of every pixel, and the pixels where it is
        not zero are inside. The work grows with the edges and the rows they cross, not with
        the pixels of each span."""
        y0s: list[float] = []
        y1s: list[float] = []
        x0s: list[float] = []
        slopes: list[float] = []
        directions: list[int] = []
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
                y0s.append(y0)
                y1s.append(y1)
                x0s.append(x0)
                slopes.append((x1 - x0) / (y1 - y0))
                directions.append(direction)
        if not y0s:
            return
        top_y, bottom_y = np.array(y0s), np.array(y1s)
        # the rows whose centre (row + 0.5) an edge crosses: y0 <= centre < y1
        first = np.clip(np.ceil(top_y - 0.5), 0, self.height).astype(np.int64)
        last = np.clip(np.ceil(bottom_y - 0.5), 0, self.height).astype(np.int64)
        counts = np.maximum(last - first, 0)
        total = int(counts.sum())
        if total == 0:
            return
        edge = np.repeat(np.arange(len(y0s)), counts)
        starts = np.cumsum(counts) - counts
        rows = first[edge] + (np.arange(total) - starts[edge])
        crossing = np.array(x0s)[edge] + (rows + 0.5 - top_y[edge]) * np.array(slopes)[edge]
        columns = np.clip(np.ceil(crossing - 0.5), 0, self.width).astype(np.int64)
        band = int(rows.min()), int(rows.max()) + 1
        span = self.width + 1
        delta = np.bincount(
            (rows - band[0]) * span + columns,
            weights=np.array(directions, dtype=np.float64)[edge],
            minlength=(band[1] - band[0]) * span,
        ).reshape(band[1] - band[0], span)
        inside = np.cumsum(delta[:, : self.width], axis=1) != 0
        pixels = np.frombuffer(self.pixels, dtype=np.uint8).reshape(self.height, self.width)
        target = pixels[band[0] : band[1]]
        if under:
            inside &= target == 0
        target[inside] = color

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
        rows = np.zeros((self.height, self.width + 1), dtype=np.uint8)  # filter: none
        rows[:, 1:] = np.frombuffer(self.pixels, dtype=np.uint8).reshape(self.height, self.width)
        raw = rows.tobytes()
        palette = b"".join(bytes(rgb) for rgb in self.palette)
        header = struct.pack(">IIBBBBB", self.width, self.height, 8, 3, 0, 0, 0)
        return (
            b"\x89PNG\r\n\x1a\n"
            + _chunk(b"IHDR", header)
            + _chunk(b"PLTE", palette)
            + _chunk(b"pHYs", struct.pack(">IIB", 7874, 7874, 1))  # 200 dpi
            + _chunk(b"IDAT", zlib.compress(raw, 3))
            + _chunk(b"IEND", b"")
        )


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)
