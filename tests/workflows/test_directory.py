import datetime

import pytest

from tests.factories import PersonFactory
from workflows.choices import ExperienceKind
from workflows.models import Person

pytestmark = pytest.mark.django_db


def test_search_by_name_ignores_case_and_treats_yo_as_ye():
    fyodorova = PersonFactory(surname="Фёдорова", name="Алёна", patronymic="Петровна")
    PersonFactory(surname="Иванова", name="Анна", patronymic="Петровна")

    assert list(Person.objects.search("федорова")) == [fyodorova]
    assert list(Person.objects.search("ФЁДОРОВА алена")) == [fyodorova]
    assert list(Person.objects.search("  алёна   ФЕДОР ")) == [fyodorova]
    assert Person.objects.search("Петровна").count() == 2
    assert not Person.objects.search("Сидорова").exists()


def test_search_follows_a_renamed_person():
    person = PersonFactory(surname="Иванова")
    person.surname = "Щёголева"
    person.save()
    assert list(Person.objects.search("щеголева")) == [person]


@pytest.mark.parametrize(
    ("on", "years"),
    [
        (datetime.date(2026, 8, 31), 9),
        (datetime.date(2026, 9, 1), 10),
        (datetime.date(2030, 9, 1), 14),
        (datetime.date(2016, 8, 31), 0),
    ],
)
def test_teaching_experience_counts_whole_years_on_any_date(on, years):
    person = PersonFactory.build(teaching_experience_since=datetime.date(2016, 9, 1))
    assert person.experience_years(ExperienceKind.TEACHING, on) == years


def test_no_recorded_experience_is_zero_years():
    person = PersonFactory.build(management_experience_since=None)
    assert person.experience_years(ExperienceKind.MANAGEMENT, datetime.date(2026, 1, 1)) == 0


def test_experience_from_29_february_turns_over_on_28_february_of_a_common_year():
    person = PersonFactory.build(methodological_experience_since=datetime.date(2016, 2, 29))
    assert person.experience_years(ExperienceKind.METHODOLOGICAL, datetime.date(2021, 2, 27)) == 4
    assert person.experience_years(ExperienceKind.METHODOLOGICAL, datetime.date(2021, 2, 28)) == 5


def test_short_name_uses_initials():
    person = PersonFactory.build(surname="Петрова", name="Ольга", patronymic="Ивановна")
    assert person.short_name == "Петрова О. И."
    assert person.full_name == "Петрова Ольга Ивановна"


def test_people_keep_their_history():
    person = PersonFactory(position="учитель")
    person.position = "заместитель директора"
    person.save()
    assert list(person.history.values_list("position", flat=True)) == [
        "заместитель директора",
        "учитель",
    ]
