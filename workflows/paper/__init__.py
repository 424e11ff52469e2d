"""Printable papers (DOCX and PDF) of workflow documents, rendered on demand, never stored.

``documents.py`` holds one context builder per paper; importing it registers them. Other apps
register their own papers the same way (the registry's extract: ``registry.papers``).
"""

from dataclasses import dataclass

from workflows.paper import documents  # noqa: F401  (registers the papers)
from workflows.paper.base import Paper, find_paper, papers_for
from workflows.paper.docx import render_docx
from workflows.paper.pdf import render_pdf

__all__ = ["FORMATS", "Paper", "Rendered", "find_paper", "papers_for", "render"]

FORMATS = {
    "pdf": (render_pdf, "application/pdf"),
    "docx": (
        render_docx,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
}


@dataclass(frozen=True)
class Rendered:
    content: bytes
    content_type: str
    filename: str


def render(paper: Paper, document, file_format: str, *, request=None) -> Rendered:
    """``document`` printed as ``paper`` in ``file_format`` (``pdf`` or ``docx``)."""
    renderer, content_type = FORMATS[file_format]
    sheet = paper.build(document, request)
    return Rendered(
        renderer(sheet, paper.template), content_type, f"{sheet.filename}.{file_format}"
    )
