"""Horizontal bar charts as plain SVG, drawn on the server (no JavaScript).

Every chart has a table with the same figures beside it and a CSV download; the SVG carries
its own colours (it is also served as a file) and a <title>/<desc> for screen readers.
"""

from dataclasses import dataclass

WIDTH = 640
LABEL_H, BAR_H, GAP, TOP, LEFT, RIGHT = 20, 16, 14, 34, 8, 70
# Bars differ in colour and also in position; each colour has 3:1 contrast with white.
COLOURS = ("#0b0c0c", "#1d70b8", "#b35a00")


@dataclass(frozen=True)
class Series:
    name: str
    # numbers; None where the figure is hidden (fewer than 5); or a text shown without a bar
    # (such as "geen gegevens")
    values: list


def bar_chart(
    title: str,
    description: str,
    categories: list[str],
    series: list[Series],
    hidden_text: str = "< 5",
) -> dict:
    numbers = [v for s in series for v in s.values if isinstance(v, int | float)]
    top = max(numbers + [1])
    inner = WIDTH - LEFT - RIGHT
    block = LABEL_H + BAR_H * len(series) + GAP
    rows = []
    for i, category in enumerate(categories):
        y = TOP + i * block
        bars = []
        for j, one in enumerate(series):
            value = one.values[i]
            bar_y = y + LABEL_H + j * BAR_H
            if value is None or isinstance(value, str):
                width, text = 0, hidden_text if value is None else value
            else:
                width, text = round(inner * value / top, 1), f"{value:g}".replace(".", ",")
            bars.append(
                {
                    "x": LEFT,
                    "y": bar_y,
                    "width": width,
                    "height": BAR_H - 3,
                    "colour": COLOURS[j % len(COLOURS)],
                    "text": text,
                    "text_x": LEFT + width + 4,
                    "text_y": bar_y + BAR_H - 5,
                    "series": one.name,
                }
            )
        rows.append({"label": category, "label_y": y + LABEL_H - 6, "bars": bars})
    legend = [
        {"name": s.name, "colour": COLOURS[j % len(COLOURS)], "x": LEFT + j * 200}
        for j, s in enumerate(series)
    ]
    return {
        "title": title,
        "description": description,
        "width": WIDTH,
        "height": TOP + len(categories) * block,
        "left": LEFT,
        "rows": rows,
        "legend": legend,
    }
