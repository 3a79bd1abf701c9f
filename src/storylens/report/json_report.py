"""The report-format JSON document (``storylens.report/1``)."""

from __future__ import annotations

import json

from storylens.model import Report


def render_json(report: Report) -> str:
    """Return the report as indented UTF-8 JSON text."""
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
