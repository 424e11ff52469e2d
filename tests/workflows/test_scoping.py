from django.contrib.auth.models import AnonymousUser

import pytest

from tests.factories import PersonFactory, UserFactory
from workflows.choices import Role
from workflows.models import Organisation, Person
from workflows.predicates import may_act_for
from workflows.scoping import organisations_for, scope_to_organisations

pytestmark = pytest.mark.django_db

ORGANISATION_ROLES = [Role.CURATOR, Role.ORG_HEAD, Role.MENTOR, Role.MENTEE]
MUNICIPAL_ROLES = [Role.CENTER, Role.DEPARTMENT, Role.REGISTRAR]
CONTENT_ROLES = [Role.EDITOR, Role.MODERATOR]


@pytest.mark.parametrize("role", ORGANISATION_ROLES)
def test_school_roles_act_for_their_own_organisation_only(role, make_user, school, other_school):
    user = make_user(role, organisation=school)
    assert list(organisations_for(user)) == [school]
    assert may_act_for(user, school.pk)
    assert not may_act_for(user, other_school.pk)


@pytest.mark.parametrize("role", MUNICIPAL_ROLES)
def test_municipal_roles_act_for_every_organisation(role, make_user, school, other_school):
    user = make_user(role)
    assert set(organisations_for(user)) == set(Organisation.objects.all())
    assert may_act_for(user, school.pk) and may_act_for(user, other_school.pk)


@pytest.mark.parametrize("role", CONTENT_ROLES)
def test_content_roles_act_for_no_organisation(role, make_user, school):
    user = make_user(role, organisation=school)
    assert not organisations_for(user).exists()
    assert not may_act_for(user, school.pk)


def test_a_school_role_without_a_person_record_acts_for_nobody(make_user, school):
    user = make_user(Role.CURATOR, person=False)
    assert not organisations_for(user).exists()


def test_a_user_with_no_role_acts_for_nobody_even_with_a_person(make_user, school):
    user = make_user(organisation=school)
    assert not organisations_for(user).exists()


def test_anonymous_acts_for_nobody(school):
    assert not organisations_for(AnonymousUser()).exists()
    assert not may_act_for(AnonymousUser(), school.pk)


def test_superuser_acts_for_everyone(school, other_school):
    admin = UserFactory(is_superuser=True)
    assert set(organisations_for(admin)) == {school, other_school}


def test_querysets_are_narrowed_through_a_relation(make_user, school, other_school):
    ours = PersonFactory(organisation=school)
    PersonFactory(organisation=other_school)
    curator = make_user(Role.CURATOR, organisation=school)
    center = make_user(Role.CENTER)

    scoped = scope_to_organisations(Person.objects.all(), curator)
    assert ours in scoped
    assert set(scoped.values_list("organisation", flat=True)) == {school.pk}
    assert scope_to_organisations(Person.objects.all(), center).count() == Person.objects.count()
    assert not scope_to_organisations(Person.objects.all(), AnonymousUser()).exists()
