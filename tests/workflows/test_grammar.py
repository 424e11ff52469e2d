"""Generated Russian is grammatical: names and noun phrases in the case the sentence needs."""

from types import SimpleNamespace

from django.utils import translation

import pytest

from workflows import grammar
from workflows.grammar import Case


@pytest.fixture(autouse=True)
def russian():
    with translation.override("ru"):
        yield


def person(surname, name, patronymic):
    return SimpleNamespace(surname=surname, name=name, patronymic=patronymic)


ALEKSEEV = person("Алексеев", "Роман", "Юрьевич")
ANDREEVA = person("Андреева", "Татьяна", "Фёдоровна")
MIKHAILOVA = person("Михайлова", "Елена", "Анатольевна")


def test_an_assignment_order_title_declines_both_names_with_their_gender():
    assert (
        grammar.assignment_order_title([ALEKSEEV], [ANDREEVA])
        == "О закреплении Алексеева Р. Ю. за Андреевой Т. Ф."
    )
    assert (
        grammar.assignment_order_title([ANDREEVA], [ALEKSEEV])
        == "О закреплении Андреевой Т. Ф. за Алексеевым Р. Ю."
    )


def test_an_order_of_several_pairs_names_none():
    assert (
        grammar.assignment_order_title([ALEKSEEV, ANDREEVA], [ANDREEVA, ALEKSEEV])
        == "О закреплении наставников"
    )


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        (Case.NOMINATIVE, "Михайлова Елена Анатольевна"),
        (Case.GENITIVE, "Михайловой Елены Анатольевны"),
        (Case.DATIVE, "Михайловой Елене Анатольевне"),
        (Case.INSTRUMENTAL, "Михайловой Еленой Анатольевной"),
    ],
)
def test_a_full_name_in_every_case(case, expected):
    assert grammar.full_name(MIKHAILOVA, case) == expected


def test_a_name_without_patronymic_keeps_its_initial_only():
    assert grammar.short_name(person("Ким", "Алла", ""), Case.GENITIVE) == "Ким А."


def test_an_organisation_after_rukovoditelyu_is_genitive_and_keeps_its_quoted_name():
    name = "Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 1»"
    assert grammar.phrase(name, Case.GENITIVE) == (
        "Муниципального бюджетного общеобразовательного учреждения «Средняя школа № 1»"
    )


@pytest.mark.parametrize(
    ("text", "case", "expected"),
    [
        ("приказ", Case.GENITIVE, "приказа"),
        ("заявка на статус", Case.ACCUSATIVE, "заявку на статус"),
        ("работник", Case.ACCUSATIVE, "работника"),
        ("индивидуальный план", Case.ACCUSATIVE, "индивидуальный план"),
        ("учитель начальных классов", Case.GENITIVE, "учителя начальных классов"),
    ],
)
def test_a_noun_phrase_in_a_case(text, case, expected):
    assert grammar.phrase(text, case) == expected


@pytest.mark.parametrize(
    ("number", "text", "expected"),
    [
        (1, "заявка на статус", "1 заявка на статус"),
        (3, "индивидуальный план", "3 индивидуальных плана"),
        (8, "заявка на статус", "8 заявок на статус"),
        (10, "работник", "10 работников"),
        (21, "закрепление наставника", "21 закрепление наставника"),
        (0, "приказ", "0 приказов"),
    ],
)
def test_a_count_agrees_with_its_noun(number, text, expected):
    assert grammar.count(number, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("закрепление наставника", "новое закрепление наставника"),
        ("заявка на статус", "новая заявка на статус"),
        ("приказ", "новый приказ"),
    ],
)
def test_an_adjective_agrees_with_the_gender_of_its_noun(text, expected):
    assert grammar.agree("новый", text) == expected


def test_english_text_is_left_as_it_is():
    with translation.override("en"):
        assert grammar.count(8, "orders") == "8 orders"
        assert grammar.full_name(MIKHAILOVA, Case.GENITIVE) == "Михайлова Елена Анатольевна"


@pytest.mark.parametrize(
    ("written", "after_a_colon"),
    [
        ("Наставник в длительном отпуске", "наставник в длительном отпуске"),
        ("Переведён в другую школу.", "переведён в другую школу."),
        ("МБОУ «СОШ № 2» закрывается", "МБОУ «СОШ № 2» закрывается"),
        ("Иванова И. И. уволилась", "Иванова И. И. уволилась"),
        ("Юрга далеко от места работы", "Юрга далеко от места работы"),
        ("«Наставник» не выходит на связь", "«Наставник» не выходит на связь"),
        ("уже со строчной", "уже со строчной"),
        ("", ""),
    ],
)
def test_a_persons_own_sentence_continues_after_a_colon_with_a_small_letter(written, after_a_colon):
    assert grammar.after_colon(written) == after_a_colon
