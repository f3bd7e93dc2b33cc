"""A council's agreed result as CSV rows and as JSON (the same figures as the results page)."""

from __future__ import annotations

from typing import Any

from tiex.assessments.selectors_results import Results


def result_header(result: Results) -> list[str]:
    keys = result.structure.dimension_keys
    return ["theme", "statement", "text", *keys, *(["gap"] if result.has_gap else []), "note"]


def result_rows(result: Results) -> list[list[Any]]:
    titles = {page.section.code: page.section.title for page in result.structure.pages}
    keys = result.structure.dimension_keys
    return [
        [
            titles.get(row.section, row.section),
            row.code,
            row.text,
            *(row.values.get(key) for key in keys),
            *([row.gap] if result.has_gap else []),
            result.notes.get(row.code, ""),
        ]
        for row in result.rows
    ]


def result_json(assessment: Any, result: Results) -> dict[str, Any]:
    return {
        "council": {"code": assessment.council.gss_code, "name": assessment.council.name},
        "framework": result.structure.framework.slug,
        "version": result.structure.version.version,
        "status": assessment.status,
        "published_at": assessment.published_at.isoformat() if assessment.published_at else None,
        "themes": [{"code": t.section, "title": t.title, "means": t.means, "gap": t.gap} for t in result.themes],
        "statements": [
            {
                "code": r.code,
                "section": r.section,
                "text": r.text,
                "values": r.values,
                "gap": r.gap,
                "note": result.notes.get(r.code, ""),
            }
            for r in result.rows
        ],
    }
