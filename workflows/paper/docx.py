"""DOCX through python-docx: the same sheet as the PDF, editable in Word and LibreOffice."""

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Cm, Pt, RGBColor

from workflows.paper.base import Sheet

FONT = "Times New Roman"  # what Russian office documents are set in; any system maps it


def render_docx(sheet: Sheet, template: str = "") -> bytes:
    """``sheet`` as a Word document (``template`` is the PDF's; DOCX lays out by block)."""
    document = Document()
    _page_setup(document)
    if sheet.watermark:
        _watermark(document, sheet.watermark)
    for line in sheet.letterhead:
        _line(document, line, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for line in sheet.addressee:
        paragraph = _line(document, line)
        paragraph.paragraph_format.left_indent = Cm(9)
    _line(document, sheet.title, bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER)
    if sheet.subtitle:
        _line(document, sheet.subtitle, align=WD_ALIGN_PARAGRAPH.CENTER)
    if sheet.date or sheet.number:
        _date_line(document, sheet)
    for block in sheet.blocks:
        BLOCKS[block.kind](document, block)
    if sheet.qr:
        document.add_picture(io.BytesIO(sheet.qr.png()), width=Cm(3))
        _line(document, sheet.qr.caption)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _page_setup(document) -> None:
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(12)
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    # GOST R 7.0.97 margins: 20 mm left for the binding, 10 mm right, 20 mm top and bottom.
    section.left_margin, section.right_margin = Cm(2.5), Cm(1.5)
    section.top_margin = section.bottom_margin = Cm(2)


def _watermark(document, text: str) -> None:
    """A large grey mark in the header, so it repeats on every page."""
    paragraph = document.sections[0].header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = True
    run.font.size = Pt(28)
    run.font.color.rgb = RGBColor(0xA0, 0xA0, 0xA0)


def _line(document, text: str, *, bold=False, size=None, align=None):
    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    run.bold = bold
    if size:
        run.font.size = Pt(size)
    if align is not None:
        paragraph.alignment = align
    return paragraph


def _date_line(document, sheet: Sheet) -> None:
    table = document.add_table(rows=1, cols=3)
    cells = table.rows[0].cells
    for cell, text, align in zip(
        cells,
        (sheet.date, sheet.place, sheet.number),
        (WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT),
        strict=True,
    ):
        cell.paragraphs[0].add_run(text)
        cell.paragraphs[0].alignment = align


def _heading(document, block) -> None:
    paragraph = _line(document, block.text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    if block.new_page:
        paragraph.paragraph_format.page_break_before = True


def _paragraph(document, block) -> None:
    paragraph = _line(document, block.text, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    paragraph.paragraph_format.first_line_indent = Cm(1.25)


def _grid(document, rows, header=None) -> None:
    table = document.add_table(rows=0, cols=len(rows[0]) if rows else len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    if header:
        cells = table.add_row().cells
        for cell, text in zip(cells, header, strict=True):
            cell.paragraphs[0].add_run(str(text)).bold = True
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = str(text)
    document.add_paragraph()


def _table(document, block) -> None:
    _grid(document, [list(row) for row in block.rows], header=list(block.columns))


def _fields(document, block) -> None:
    _grid(document, [list(row) for row in block.rows])


def _signature(document, block) -> None:
    paragraph = document.add_paragraph()
    paragraph.add_run(f"{block.position}  ________________  {block.name}")
    if block.date:
        paragraph.add_run().add_break(WD_BREAK.LINE)
        paragraph.add_run(block.date)


BLOCKS = {
    "heading": _heading,
    "paragraph": _paragraph,
    "table": _table,
    "fields": _fields,
    "signature": _signature,
}
