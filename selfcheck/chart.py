"""A small server-rendered SVG line chart of self-check scores over time (no JavaScript)."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format

from selfcheck.statements import BANDS

WIDTH, HEIGHT = 320, 180
LEFT, RIGHT, TOP, BOTTOM = 34, 12, 10, 28
MAX_SCORE = 15


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    score: int
    label: str


def _y(score: float) -> float:
    return round(TOP + (HEIGHT - TOP - BOTTOM) * (1 - score / MAX_SCORE), 1)


def score_chart(checks, date_label) -> dict:
    """Coordinates for the template: band stripes, points and the line through them."""
    inner = WIDTH - LEFT - RIGHT
    n = len(checks)
    points = [
        Point(
            x=round(LEFT + (inner / 2 if n == 1 else inner * i / (n - 1)), 1),
            y=_y(check.score),
            score=check.score,
            label=date_label(check) if n <= 4 or i in (0, n - 1) else "",
        )
        for i, check in enumerate(checks)
    ]
    stripes = [
        {
            "band": band,
            "y": _y(band.high + 0.5 if band.high < MAX_SCORE else MAX_SCORE),
            "height": round(_y(max(band.low - 0.5, 0)) - _y(min(band.high + 0.5, MAX_SCORE)), 1),
        }
        for band in BANDS
    ]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "inner": inner,
        "right": WIDTH - RIGHT,
        "bottom": HEIGHT - BOTTOM,
        "points": points,
        "line": " ".join(f"{p.x},{p.y}" for p in points),
        "stripes": stripes,
        "ticks": [{"score": s, "y": _y(s)} for s in (0, 3, 8, 15)],
    }


def date_label(check) -> str:
    """A result's date under the chart: '3 dec 2026'."""
    return date_format(timezone.localtime(check.created_at), "j b Y")
