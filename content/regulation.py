"""Import of the regulation on mentoring from the text of its scan.

The scan has three kinds of damage (see DOMAIN.md): an image path as a line, Cyrillic words
that carry Latin look-alike letters, and words glued together. Spacing and look-alikes are
repaired by rule; glued words by a reviewed list, because no rule tells «вначале» the adverb
from «в начале» the phrase.
"""

import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import transaction

from wagtail.models import Site

from content.models import RegulationPage

REGULATION_DIR = Path(settings.BASE_DIR) / "fixtures" / "regulation"
DEFAULT_SOURCE = REGULATION_DIR / "polozhenie-o-nastavnichestve.txt"
GLUED_WORDS = REGULATION_DIR / "glued-words.tsv"
TITLE = (
    "Положение о наставничестве в муниципальной системе образования Юргинского городского округа"
)
# The page's title names it in the menu and the breadcrumbs; the document's own is its heading.
SHORT_TITLE = "Положение о наставничестве"
SLUG = "regulation"

IMAGE_LINE = re.compile(r"^\s*\[image:[^\]]*\]\s*$")
SECTION = re.compile(r"^(?P<number>[IVX]+)\.\s*(?P<title>.+)$")
CLAUSE = re.compile(r"^(?P<number>\d+\.\d+)\.\s*(?P<text>.*)$")
LIST_ITEM = re.compile(r"^[-·•]\s*(?P<text>.+)$")
WORD = re.compile(r"[^\W\d_]+")
CYRILLIC = re.compile(r"[а-яёА-ЯЁ]")
LATIN = re.compile(r"[a-zA-Z]")
# A comma or semicolon between two letters has lost its space: «трудностей,возникающих».
TIGHT_PUNCTUATION = re.compile(r"(?<=[^\W\d_])([,;])(?=[^\W\d_])")
# A word glued to the parenthesis that follows it: «округа(далее - Положение)».
TIGHT_PARENTHESIS = re.compile(r"(?<=[^\W\d_]{2})\((?=[^\W\d_]{2})")

# Latin letters that look the same as a Cyrillic letter, and that letter.
LOOKALIKES = dict(zip("aAcCeEoOpPxXyBHKMT", "аАсСеЕоОрРхХуВНКМТ", strict=True))

Log = Callable[[str], None]


def fix_lookalikes(word: str) -> str:
    """The Cyrillic word hidden behind Latin look-alike letters, or ``word`` unchanged.

    A word is Cyrillic in disguise when every Latin letter in it has a Cyrillic twin and it
    either already holds Cyrillic letters («зaдaчи») or is written in lower case («pecypc»).
    Upper-case Latin words (roman numerals, abbreviations) and words with letters that have
    no twin («image») are left alone.
    """
    latin = set(LATIN.findall(word))
    if not latin or not latin <= LOOKALIKES.keys():
        return word
    if CYRILLIC.search(word) or word.islower():
        return "".join(LOOKALIKES.get(letter, letter) for letter in word)
    return word


def read_glued_words(path: Path = GLUED_WORDS) -> dict[str, str]:
    """The reviewed list: glued word → the words it splits into."""
    pairs = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            glued, split = line.split("\t")
            pairs[glued] = split
    return pairs


def clean_lines(text: str, glued_words: dict[str, str], log: Log) -> list[str]:
    """The lines of the scan, repaired, with a report of every repair through ``log``."""
    glued = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, glued_words)) + r")(?!\w)")
    counts: Counter[str] = Counter()
    lines = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if IMAGE_LINE.match(raw):
            log(f"line {number}: dropped the image path {raw.strip()}")
            continue
        line = " ".join(raw.split())
        if line != raw.strip():
            counts["spacing"] += 1

        def lookalike(match, line_number=number):
            fixed = fix_lookalikes(match.group())
            if fixed != match.group():
                log(f"line {line_number}: Latin letters in {match.group()} → {fixed}")
            return fixed

        line = WORD.sub(lookalike, line)

        def split(match, line_number=number):
            log(f"line {line_number}: glued {match.group()} → {glued_words[match.group()]}")
            return glued_words[match.group()]

        line = glued.sub(split, line)
        line, added = TIGHT_PUNCTUATION.subn(r"\1 ", line)
        counts["punctuation"] += added
        line, added = TIGHT_PARENTHESIS.subn(" (", line)
        counts["punctuation"] += added
        lines.append(line)
    if counts["spacing"]:
        log(f"tabs and runs of spaces collapsed in {counts['spacing']} lines")
    if counts["punctuation"]:
        log(
            f"a space added in {counts['punctuation']} places "
            "(after a comma or a semicolon, before a parenthesis)"
        )
    return lines


def parse(lines: list[str]) -> list[dict]:
    """Sections of numbered clauses, each clause a run of paragraphs and bulleted lists."""
    sections: list[dict] = []
    clause = None
    for line in lines:
        if not line:
            continue
        if match := SECTION.match(line):
            sections.append({"number": match["number"], "title": match["title"], "clauses": []})
            clause = None
        elif match := CLAUSE.match(line):
            clause = {"number": match["number"], "content": []}
            sections[-1]["clauses"].append(clause)
            if match["text"]:
                _append(clause, match["text"])
        elif clause is None:
            # A section title that the scan wrapped onto the next line.
            sections[-1]["title"] += " " + line
        else:
            _append(clause, line)
    return sections


def _append(clause: dict, line: str) -> None:
    """Add a line to a clause: list items gather into one list, other lines are paragraphs."""
    content = clause["content"]
    if match := LIST_ITEM.match(line):
        if content and content[-1]["type"] == "items":
            content[-1]["value"].append(match["text"])
        else:
            content.append({"type": "items", "value": [match["text"]]})
    else:
        content.append({"type": "paragraph", "value": line})


def as_stream(structure: list[dict]) -> list[dict]:
    """The parsed structure as raw StreamField data for ``RegulationPage.sections``."""
    return [{"type": "section", "value": section} for section in structure]


@transaction.atomic
def import_regulation(
    path: Path = DEFAULT_SOURCE, *, log: Log, glued_path: Path = GLUED_WORDS
) -> RegulationPage:
    """Create or update the published regulation page from the text at ``path``.

    A second run with the same text writes nothing; a changed text becomes a new published
    revision of the same page.
    """
    text = Path(path).read_text(encoding="utf-8")
    structure = parse(clean_lines(text, read_glued_words(glued_path), log))
    clauses = sum(len(section["clauses"]) for section in structure)
    log(f"{len(structure)} sections, {clauses} clauses")

    page = RegulationPage.objects.first()
    if page is None:
        home = Site.objects.get(is_default_site=True).root_page
        page = home.add_child(
            instance=RegulationPage(
                title=SHORT_TITLE,
                full_title=TITLE,
                slug=SLUG,
                show_in_menus=True,
                live=False,
                search_description="Цель, задачи и порядок организации наставничества "
                "в образовательных организациях города Юрги.",
                sections=as_stream(structure),
            )
        )
        log(f"created the page {page.url_path}")
    else:
        latest = page.get_latest_revision_as_object()
        titled = bool(latest.full_title)
        if latest.structure() == structure and page.live and titled:
            log("the text is unchanged: nothing to do")
            return page
        page = latest
        page.sections = as_stream(structure)
        if not titled:
            # A page imported before the short title: its long title becomes the full one.
            page.full_title, page.title = page.title, SHORT_TITLE
    revision = page.save_revision(log_action=True)
    revision.publish()
    log(f"published revision {revision.pk}")
    return page
