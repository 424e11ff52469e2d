"""Russian grammar of generated text: names and noun phrases in the case a sentence needs.

People's names are declined by ``pytrovich`` (the petrovich rules for surnames, first names
and patronymics, with the gender read from the patronymic or the first name); other words by
``pymorphy3``'s dictionary. Model-free: a person is anything with ``surname``, ``name`` and
``patronymic``.
"""

import enum
import re
from functools import cache

from django.utils.translation import get_language, gettext

import pymorphy3
from pytrovich.detector import PetrovichGenderDetector
from pytrovich.enums import Case as PetrovichCase
from pytrovich.enums import Gender, NamePart
from pytrovich.maker import PetrovichDeclinationMaker


class Case(enum.Enum):
    """A grammatical case, with its names in pytrovich and in pymorphy3's tag set."""

    NOMINATIVE = (PetrovichCase.NOMINATIVE, "nomn")
    GENITIVE = (PetrovichCase.GENITIVE, "gent")
    DATIVE = (PetrovichCase.DATIVE, "datv")
    ACCUSATIVE = (PetrovichCase.ACCUSATIVE, "accs")
    INSTRUMENTAL = (PetrovichCase.INSTRUMENTAL, "ablt")
    PREPOSITIONAL = (PetrovichCase.PREPOSITIONAL, "loct")

    @property
    def petrovich(self) -> PetrovichCase:
        return self.value[0]

    @property
    def tag(self) -> str:
        return self.value[1]


@cache
def _morph() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer()


@cache
def _names() -> tuple[PetrovichDeclinationMaker, PetrovichGenderDetector]:
    return PetrovichDeclinationMaker(), PetrovichGenderDetector()


def _russian() -> bool:
    return (get_language() or "ru").startswith("ru")


def gender(person) -> Gender:
    """The person's grammatical gender, read from the patronymic (or the first name)."""
    _maker, detector = _names()
    try:
        found = detector.detect(firstname=person.name or None, middlename=person.patronymic or None)
    except (KeyError, ValueError, TypeError):
        return Gender.MALE
    return Gender.FEMALE if found == Gender.FEMALE else Gender.MALE


def _declined(person, case: Case) -> tuple[str, str, str]:
    parts = (person.surname or "", person.name or "", person.patronymic or "")
    if case is Case.NOMINATIVE or not _russian():
        return parts
    maker, _detector = _names()
    sex = gender(person)
    return tuple(
        maker.make(part_kind, sex, case.petrovich, part) if part else ""
        for part_kind, part in zip(
            (NamePart.LASTNAME, NamePart.FIRSTNAME, NamePart.MIDDLENAME), parts, strict=True
        )
    )


def short_name(person, case: Case = Case.NOMINATIVE) -> str:
    """«Фамилия И. О.» in ``case``: «Алексеева Р. Ю.» in the genitive."""
    surname = _declined(person, case)[0]
    initials = " ".join(f"{part[0]}." for part in (person.name, person.patronymic) if part)
    return f"{surname} {initials}".strip()


def full_name(person, case: Case = Case.NOMINATIVE) -> str:
    """«Фамилия Имя Отчество» in ``case``: «Михайловой Елены Анатольевны» in the genitive."""
    return " ".join(part for part in _declined(person, case) if part)


_WORD = re.compile(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*")


def _inflect_word(word: str, grammemes: set[str], *, want=("ADJF", "PRTF", "NOUN")):
    """``word`` inflected to ``grammemes``, keeping its capital letter; None when the
    dictionary has no such form (or the word is not of the parts of speech ``want``)."""
    for parse in _morph().parse(word):
        if parse.tag.POS in want and "nomn" in parse.tag:
            form = parse.inflect(grammemes)
            if form is not None:
                text = form.word
                return text[:1].upper() + text[1:] if word[:1].isupper() else text
    return None


# pymorphy3's marks of a name: of a person, a place, an organisation; and of an abbreviation.
_PROPER = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Abbr"})


def after_colon(text: str) -> str:
    """A sentence a person wrote on its own («Наставник в длительном отпуске»), set after a
    colon of a generated text: its first letter lower-case, as Russian writes it there —
    unless the first word is an abbreviation («МБОУ закрывается») or may be a name
    («Иванова переведена…», «Юрга»), which keep their capital."""
    match = _WORD.match(text)
    if match is None:
        return text
    word = match.group()
    abbreviation = len(word) > 1 and not word[1:].islower()
    if not word[:1].isupper() or abbreviation:
        return text
    if any(parse.tag.grammemes & _PROPER for parse in _morph().parse(word)):
        return text
    return text[:1].lower() + text[1:]


def _head(words: list[str]) -> int | None:
    """The index of the head noun of a noun phrase in the nominative: the first noun that
    follows the leading adjectives."""
    for index, word in enumerate(words):
        tags = [parse.tag for parse in _morph().parse(word) if "nomn" in parse.tag]
        if any(tag.POS == "NOUN" for tag in tags):
            return index
        if not any(tag.POS in ("ADJF", "PRTF") for tag in tags):
            return None
    return None


def phrase(text: str, case: Case, *, number: str | None = None) -> str:
    """A noun phrase in the nominative («заявка на статус», «Муниципальное бюджетное
    общеобразовательное учреждение «Школа № 1»») put in ``case``: its leading adjectives and
    head noun are inflected, what follows the head (complements, names in quotes) stays.

    ``number`` ("plur") also changes the number. Text the dictionary does not know is kept.
    """
    if not _russian():
        return text
    tokens = text.split(" ")
    head = _head(tokens)
    if head is None:
        return text
    grammemes = {case.tag} | ({number} if number else set())
    noun = _morph().parse(tokens[head])[0]
    if case is Case.ACCUSATIVE and "anim" in noun.tag and number != "plur":
        grammemes |= {"anim"}
    return " ".join(_agreed(tokens, head, grammemes, noun.tag))


def _agreed(tokens: list[str], head: int, grammemes: set[str], noun_tag) -> list[str]:
    """``tokens`` with the head noun in ``grammemes`` and the adjectives before it agreed
    with it (gender in the singular, animacy in the accusative)."""
    plural = "plur" in grammemes
    adjective = set(grammemes)
    if not plural:
        adjective |= {noun_tag.gender}
    if "accs" in grammemes and (plural or noun_tag.gender == "masc"):
        adjective |= {noun_tag.animacy}
    words = []
    for index, token in enumerate(tokens):
        if index < head:
            token = _inflect_word(token, adjective, want=("ADJF", "PRTF")) or token
        elif index == head:
            token = _inflect_word(token, grammemes, want=("NOUN",)) or token
        words.append(token)
    return words


def count(number: int, text: str) -> str:
    """«8 заявок на статус», «1 работник»: ``number`` with the noun phrase ``text``
    (nominative singular) agreed with it."""
    if not _russian():
        return f"{number} {text}"
    tokens = text.split(" ")
    head = _head(tokens)
    if head is None:
        return f"{number} {text}"
    noun = _morph().parse(tokens[head])[0]
    agreed = noun.make_agree_with_number(number)
    if agreed is None:
        return f"{number} {text}"
    grammemes = set(agreed.tag.grammemes) & {"nomn", "gent", "sing", "plur"}
    words = _agreed(tokens, head, grammemes, noun.tag)
    if "sing" in grammemes and "gent" in grammemes:
        # «3 индивидуальных плана»: after 2–4 the noun is genitive singular, its adjectives
        # genitive plural.
        words = _agreed(tokens, head, {"gent", "plur"}, noun.tag)[:head] + words[head:]
    return f"{number} {' '.join(words)}"


def agree(adjective: str, text: str) -> str:
    """``adjective`` (masculine nominative, «новый») agreed with the head noun of ``text``."""
    if not _russian():
        return f"{adjective} {text}"
    tokens = text.split(" ")
    head = _head(tokens)
    if head is None:
        return f"{adjective} {text}"
    tag = _morph().parse(tokens[head])[0].tag
    grammemes = {"nomn", tag.number or "sing"} | ({tag.gender} if tag.number != "plur" else set())
    return f"{_inflect_word(adjective, grammemes, want=('ADJF',)) or adjective} {text}"


def assignment_order_title(mentors, mentees) -> str:
    """The title of an assignment order as a clerk writes it: «О закреплении Алексеева Р. Ю.
    за Андреевой Т. Ф.» (one pair) or «О закреплении наставников» (several)."""
    pairs = list(zip(mentors, mentees, strict=True))
    if len(pairs) != 1:
        return "О закреплении наставников"
    mentor, mentee = pairs[0]
    return (
        f"О закреплении {short_name(mentor, Case.GENITIVE)} "
        f"за {short_name(mentee, Case.INSTRUMENTAL)}"
    )


def noun_gender(text: str) -> str:
    """The gender of the head noun of ``text`` («masc», «femn» or «neut»; «masc» if unknown)."""
    tokens = text.split(" ")
    head = _head(tokens) if _russian() else None
    if head is None:
        return "masc"
    return _morph().parse(tokens[head])[0].tag.gender or "masc"


def user_name(user) -> str:
    """A user account as documents write a person, never as a login: the «Фамилия И. О.» of
    the person it belongs to, else the name on the account, else «Администратор портала» for
    a superuser; «—» for no one."""
    if user is None:
        return "—"
    person = getattr(user, "person", None) if getattr(user, "pk", None) else None
    if person is not None:
        return short_name(person)
    full = user.get_full_name().strip()
    if full:
        return full
    if user.is_superuser:
        return gettext("Portal administrator")
    return gettext("Portal user")
