"""Shapes a census's stored results (and past figures) for the pages: display strings, tables and
server-drawn SVG bar charts (no JavaScript; each chart has a table with the same figures). Pure."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

LABEL_WIDTH = 300
PLOT_WIDTH = 320
VALUE_WIDTH = 110
BAR_HEIGHT = 20
GAP = 10
SUPPRESSED = "fewer than 10 responses"


def _number(value: float, unit: str) -> str:
    if unit == "percent":
        return f"{value * 100:.0f}%"
    return f"{value:.1f} {unit}".strip()


def _margin(moe: float | None, unit: str) -> str:
    if moe is None:
        return ""
    return f"± {moe * 100:.1f} points" if unit == "percent" else f"± {moe:.1f}"


def display(figure: dict[str, Any], unit: str) -> dict[str, Any]:
    """A stored estimate as text: value, margin, base; suppressed figures say so."""
    if figure.get("suppressed") or figure.get("value") is None:
        return {"value": "", "margin": "", "base": figure.get("base", 0), "suppressed": True}
    return {
        "value": _number(figure["value"], unit),
        "margin": _margin(figure["moe"], unit),
        "base": f"{figure['base']:,}",
        "suppressed": False,
    }


def bar_chart(items: Sequence[dict[str, Any]], *, maximum: float) -> dict[str, Any]:
    """Horizontal bars: items have label, value (None: suppressed, no bar), text; moe draws a whisker."""
    bars = []
    scale = PLOT_WIDTH / maximum if maximum > 0 else 0
    for index, item in enumerate(items):
        y = GAP + index * (BAR_HEIGHT + GAP)
        value = item.get("value")
        width = round((value or 0) * scale, 1)
        moe = item.get("moe") or 0
        bars.append(
            {
                "label": item["label"],
                "text": item["text"] if value is not None else "suppressed",
                "y": y,
                "text_y": y + BAR_HEIGHT - 5,
                "width": width,
                "whisker": value is not None and moe > 0,
                "low": round(LABEL_WIDTH + max(value or 0, 0) * scale - moe * scale, 1),
                "high": round(LABEL_WIDTH + min((value or 0) + moe, maximum) * scale, 1),
                "mid_y": y + BAR_HEIGHT / 2,
                "value_x": LABEL_WIDTH + PLOT_WIDTH + 8,
            }
        )
    height = GAP + len(items) * (BAR_HEIGHT + GAP)
    width = LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH
    return {
        "bars": bars,
        "width": width,
        "height": height,
        "view_box": f"0 0 {width} {height}",
        "plot_left": LABEL_WIDTH,
        "label_x": LABEL_WIDTH - 8,
    }


def _unit_of(question: dict[str, Any]) -> str:
    return (question.get("unit") or "") if question["kind"] == "number" else "percent"


def _group_rows(groups: Iterable[dict[str, Any]], headlines: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for group in groups:
        cells = []
        for headline in headlines:
            figures = None if group["suppressed"] else group["headlines"].get(headline["measure"])
            cells.append(display(figures or {"suppressed": True}, headline["unit"]))
        rows.append(
            {
                "label": group["label"],
                "population": f"{group['population']:,}",
                "responses": f"{group['responses']:,}" if group["responses"] is not None else "",
                "rate": f"{group['response_rate'] * 100:.0f}%" if group["response_rate"] is not None else "",
                "suppressed": group["suppressed"],
                "cells": cells,
            }
        )
    return rows


def results_view(results: dict[str, Any]) -> dict[str, Any]:
    """Everything the results page shows, from the stored snapshot."""
    headlines = [{**h, **display(h, h["unit"])} for h in results["headlines"]]
    questions = []
    for question in results["questions"]:
        unit = _unit_of(question)
        overall = question["overall"]
        if question["kind"] == "number":
            rows = [{"label": question["text"], **display(overall, unit)}]
            chart = None
        else:
            rows = [{"label": o["label"], **display(o, unit)} for o in overall["options"]]
            chart = bar_chart(
                [
                    {"label": o["label"], "value": o["value"], "moe": o["moe"], "text": display(o, unit)["value"]}
                    for o in overall["options"]
                ],
                maximum=1.0,
            )
        questions.append(
            {
                "key": question["key"],
                "text": question["text"],
                "kind": question["kind"],
                "base": f"{overall['base']:,}",
                "suppressed": overall["suppressed"],
                "rows": rows,
                "chart": chart,
            }
        )
    return {
        "population": f"{results['population']:,}",
        "responses": f"{results['responses']:,}",
        "rate": f"{results['response_rate'] * 100:.0f}%" if results["response_rate"] else "0%",
        "weighting": results["weighting"],
        "headlines": headlines,
        "by_type": _group_rows(results["by_type"], results["headlines"]),
        "by_region": _group_rows(results["by_region"], results["headlines"]),
        "questions": questions,
    }


def history_series(figures: Sequence[Any], censuses: Sequence[Any]) -> list[dict[str, Any]]:
    """One series a measure: the past censuses' published figures, then each published census's
    headline (marked demo where it is), oldest first, with a bar chart."""
    series: dict[str, dict[str, Any]] = {}
    for figure in figures:
        entry = series.setdefault(
            figure.measure, {"measure": figure.measure, "label": figure.label, "unit": figure.unit, "points": []}
        )
        entry["points"].append(
            {
                "period": figure.period,
                "year": figure.year,
                "value": figure.value,
                "source": figure.source,
                "is_demo": False,
            }
        )
    for census in censuses:
        for headline in (census.results or {}).get("headlines", []):
            if headline["measure"] not in series or headline.get("value") is None:
                continue
            value = headline["value"] * 100 if headline["unit"] == "percent" else headline["value"]
            series[headline["measure"]]["points"].append(
                {
                    "period": str(census.year),
                    "year": census.year,
                    "value": round(value, 1),
                    "source": f"This site's {census.year} census" + (" (demo data)" if census.is_demo else ""),
                    "is_demo": census.is_demo,
                }
            )
    found = []
    for entry in series.values():
        entry["points"].sort(key=lambda p: p["year"])
        unit = "%" if entry["unit"] == "percent" else f" {entry['unit']}"
        maximum = 100.0 if entry["unit"] == "percent" else max(p["value"] for p in entry["points"]) * 1.2
        entry["chart"] = bar_chart(
            [
                {
                    "label": p["period"] + (" (demo)" if p["is_demo"] else ""),
                    "value": p["value"],
                    "moe": 0,
                    "text": f"{p['value']:g}{unit}",
                }
                for p in entry["points"]
            ],
            maximum=maximum,
        )
        found.append(entry)
    return found
