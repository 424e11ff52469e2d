import datetime

from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import call_command

import pytest

from workflows.choices import ReplacementState
from workflows.demo import DEMO_PASSWORD
from workflows.models import (
    IndividualPlan,
    Organisation,
    Person,
    Questionnaire,
    ReplacementRequest,
    Report,
)

pytestmark = pytest.mark.django_db

DEMO_USERS = [
    "admin", "editor", "moderator", "curator", "head", "mentor", "mentee", "center",
    "department", "registrar",
]  # fmt: skip


def row_counts():
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_load_demo_twice_leaves_every_table_as_the_first_run_did():
    call_command("load_demo", stdout=None)
    first = row_counts()
    call_command("load_demo")
    assert row_counts() == first


def test_demo_directory_has_the_municipal_bodies_schools_and_people():
    call_command("load_demo")
    kinds = set(Organisation.objects.values_list("kind", flat=True))
    assert {"education_department", "mentoring_centre", "regional_institute", "ministry"} <= kinds
    assert (
        Organisation.objects.filter(
            kind__in=["school", "kindergarten", "additional_education"]
        ).count()
        >= 12
    )
    assert Person.objects.count() >= 60


def test_every_demo_user_logs_in_with_the_demo_password_and_school_users_share_a_school():
    call_command("load_demo")
    for username in DEMO_USERS:
        assert authenticate(username=username, password=DEMO_PASSWORD), username
    schools = {
        Person.objects.get(user__username=name).organisation_id
        for name in ("curator", "head", "mentor", "mentee")
    }
    assert len(schools) == 1


def test_demo_case_files_have_every_stage_and_something_overdue():
    call_command("load_demo")
    states = set(ReplacementRequest.objects.values_list("state", flat=True))
    assert states == set(ReplacementState.values)
    assert IndividualPlan.objects.exists() and Questionnaire.objects.exists()
    assert set(Report.objects.values_list("state", flat=True)) >= {"draft", "accepted"}
    today = datetime.date(2026, 11, 24)
    assert IndividualPlan.objects.overdue(today).exists() and Report.objects.overdue(today).exists()
