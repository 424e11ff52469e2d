"""An inactive organisation is really inactive: no chooser offers it or its people, no user's
scope holds it, and nothing new is drafted in it; the directory still lists it to reopen it."""

import datetime

from django.core.exceptions import ValidationError

import pytest

from tests.factories import CertificateFactory, OrganisationFactory, PersonFactory
from workflows.choices import CertificateKind, MentoringKind, Role
from workflows.models import Organisation
from workflows.scoping import organisations_for
from workflows.services import (
    approver_choices,
    mentee_choices,
    mentor_candidates,
    mentor_choices,
    mentorship_create,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


@pytest.fixture
def closed(make_user):
    """A closed school with its head, a teacher and a «Mentor» status holder."""
    school = OrganisationFactory(short_name="Закрытая школа", is_active=False)
    holder = PersonFactory(organisation=school)
    CertificateFactory(person=holder, kind=CertificateKind.MENTOR)
    return {
        "school": school,
        "head": make_user(Role.ORG_HEAD, organisation=school),
        "teacher": PersonFactory(organisation=school),
        "holder": holder,
    }


def test_no_scope_holds_an_inactive_organisation(cast, closed):
    assert closed["school"] not in organisations_for(cast.department)
    assert cast.school in organisations_for(cast.department)
    assert not organisations_for(closed["head"]).exists()


def test_the_directory_still_lists_it_to_reopen_it(cast, closed):
    assert closed["school"] in organisations_for(cast.department, inactive=True)


def test_its_people_are_offered_as_neither_mentee_nor_mentor(cast, closed):
    for offered in (mentee_choices(user=cast.department), mentor_choices(user=cast.department)):
        assert not offered.filter(organisation=closed["school"]).exists()
    assert mentee_choices(user=cast.department).filter(pk=cast.mentee.person.pk).exists()


def test_a_status_holder_of_a_closed_school_is_no_longer_a_candidate_elsewhere(cast, closed):
    candidates = mentor_candidates(
        organisations=organisations_for(cast.curator), kinds=[MentoringKind.MANAGEMENT]
    )
    assert closed["holder"] not in candidates


def test_an_inactive_issuer_has_no_approvers_to_offer(cast, closed):
    assert not approver_choices(user=cast.department, issuer=closed["school"]).exists()
    assert approver_choices(user=cast.curator, issuer=cast.school).exists()


@pytest.mark.parametrize(
    ("model", "field"),
    [
        ("mentorship", "organisation"),
        ("mentorship", "mentee"),
        ("mentorship", "mentor"),
        ("order", "issuer"),
        ("statusapplication", "person"),
    ],
)
def test_no_admin_form_offers_it(client, make_user, school, closed, model, field):
    client.force_login(make_user(person=False, is_superuser=True))
    form = client.get(f"/admin/workflows/{model}/create/").context["form"]
    offered = form.fields[field].queryset
    if offered.model is Organisation:
        assert closed["school"] not in offered
        assert offered.exists()
    else:
        assert not offered.filter(organisation=closed["school"]).exists()


def test_nothing_new_is_drafted_in_it(closed, make_user):
    curator = make_user(Role.CURATOR, organisation=closed["school"])
    with pytest.raises(ValidationError, match="Организация больше не действует"):
        mentorship_create(
            user=curator,
            organisation=closed["school"],
            kind=MentoringKind.COACHING,
            mentor=closed["teacher"],
            mentee=closed["holder"],
            starts_on=datetime.date(2026, 12, 1),
            ends_on=datetime.date(2027, 12, 1),
        )
