"""What a paper is: a sheet of typed blocks, and the catalogue of papers per document.

A context builder turns a document into a :class:`Sheet` — every word of the paper, already
translated and typeset — and both renderers lay the same sheet out: the PDF through the
paper's template (``templates/workflows/paper/<name>.html``), the DOCX with python-docx. So
wording lives in the builder only, and a new paper is a builder and a template.
"""

import functools
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.db import models

import segno


@dataclass(frozen=True)
class Heading:
    text: str
    new_page: bool = False
    kind: str = "heading"


@dataclass(frozen=True)
class Paragraph:
    text: str
    kind: str = "paragraph"


@dataclass(frozen=True)
class Table:
    """A ruled table with a header row."""

    columns: Sequence[str]
    rows: Sequence[Sequence[str]]
    kind: str = "table"


@dataclass(frozen=True)
class Fields:
    """Label–value pairs, as an extract or a form lists its particulars."""

    rows: Sequence[tuple[str, str]]
    kind: str = "fields"


@dataclass(frozen=True)
class Signature:
    """A signature line: position, a blank for the hand, the name (Фамилия И. О.)."""

    position: str
    name: str = ""
    date: str = ""
    kind: str = "signature"


@functools.lru_cache(maxsize=512)
def _svg_data_uri(url: str) -> str:
    # Kept per address: encoding a code (segno's mask search) costs more than the rest of a
    # registry person's page, and the same address always gives the same code.
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


@dataclass(frozen=True)
class QRCode:
    """A code that leads to the public verification of ``number``, printed beside it."""

    url: str
    caption: str

    def svg_data_uri(self) -> str:
        return _svg_data_uri(self.url)

    def png(self) -> bytes:
        buffer = io.BytesIO()
        segno.make(self.url, error="m").save(buffer, kind="png", scale=8, border=2)
        return buffer.getvalue()


@dataclass(frozen=True)
class Sheet:
    """One paper, ready to lay out: the header lines, the title and the body blocks."""

    title: str
    filename: str
    subtitle: str = ""
    letterhead: Sequence[str] = ()
    addressee: Sequence[str] = ()
    date: str = ""
    place: str = ""
    number: str = ""
    blocks: Sequence = ()
    qr: QRCode | None = None
    watermark: str = ""


@dataclass(frozen=True)
class Paper:
    """A printable form of one kind of document, offered in the states where it makes sense."""

    name: str
    label: str
    model: type[models.Model]
    states: tuple[str, ...]
    build: Callable = field(compare=False)
    # ``(document, user) -> bool``: who may print it among those who see the document (a
    # paper about a person tells that person's particulars); ``None``: all of them.
    readers: Callable | None = field(default=None, compare=False)
    # Whether the paper prints any version of the document's history (``?version=``).
    versioned: bool = False

    @property
    def template(self) -> str:
        return f"workflows/paper/{self.name}.html"

    def available_for(self, document, user) -> bool:
        return (
            isinstance(document, self.model)
            and document.state in self.states
            and (self.readers is None or self.readers(document, user))
        )


PAPERS: dict[str, Paper] = {}


def paper(
    *,
    name: str,
    label: str,
    model: type[models.Model],
    states: Sequence[str],
    readers: Callable | None = None,
    versioned: bool = False,
):
    """Register the decorated context builder ``build(document, request) -> Sheet``."""

    def register(build: Callable) -> Callable:
        PAPERS[name] = Paper(name, label, model, tuple(states), build, readers, versioned)
        return build

    return register


def papers_for(document, *, user) -> list[Paper]:
    """The papers ``user`` (who sees ``document``) can print it as in its current state."""
    return [p for p in PAPERS.values() if p.available_for(document, user)]


def find_paper(document, name: str, *, user) -> Paper | None:
    """The paper ``name`` if ``user`` can print ``document`` as it now, else ``None``."""
    found = PAPERS.get(name)
    return found if found is not None and found.available_for(document, user) else None
