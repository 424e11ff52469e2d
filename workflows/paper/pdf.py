"""PDF through WeasyPrint: the paper's HTML template laid out on A4."""

from django.template.loader import render_to_string

from weasyprint import HTML

from workflows.paper.base import Sheet


def render_pdf(sheet: Sheet, template: str) -> bytes:
    """``sheet`` laid out by ``template`` (HTML and CSS, no external resources)."""
    html = render_to_string(template, {"sheet": sheet})
    return HTML(string=html).write_pdf()
