"""Report writers: JSON (the contract), Markdown, and a self-contained HTML page."""

from __future__ import annotations

from storylens.report.html import render_html
from storylens.report.json_report import render_json
from storylens.report.markdown import render_markdown

__all__ = ["render_html", "render_json", "render_markdown"]
