import datetime

from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import timezone

from wagtail.models import WorkflowState

import pytest

from content.models import MaterialPage, NewsPage, RegulationPage
from workflows.choices import (
    CertificateState,
    MentoringKind,
    ReplacementState,
    StatusApplicationState,
)
from workflows.demo import DEMO_PASSWORD
from workflows.models import (
    Certificate,
    IndividualPlan,
    Organisation,
    Person,
    PublicationConsent,
    Questionnaire,
    ReplacementRequest,
    Report,
    StatusApplication,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_day")]

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
        # As the login form does: with the request, which the brute-force guard requires.
        request = RequestFactory().post("/admin/login/")
        assert authenticate(request, username=username, password=DEMO_PASSWORD), username
    schools = {
        Person.objects.get(user__username=name).organisation_id
        for name in ("curator", "head", "mentor", "mentee")
    }
    assert len(schools) == 1


def test_demo_site_publishes_the_regulation_materials_of_every_kind_and_news(client):
    call_command("load_demo")
    assert RegulationPage.objects.live().get().url == "/regulation/"
    live = MaterialPage.objects.live()
    assert live.count() >= 6
    assert set(live.values_list("kind", flat=True)) == set(MentoringKind.values)
    assert NewsPage.objects.live().count() == 3
    waiting = WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS)
    assert [state.content_object.title for state in waiting] == [
        "Коучинг в методическом объединении"
    ]
    assert not MaterialPage.objects.get(title="Коучинг в методическом объединении").live
    for path in ["/", "/regulation/", "/materials/", "/news/", "/search/"]:
        assert client.get(path).status_code == 200, path


def test_demo_statuses_cover_every_application_state_and_kind_of_certificate():
    call_command("load_demo")
    today = timezone.localdate()
    assert set(StatusApplication.objects.values_list("state", flat=True)) == set(
        StatusApplicationState.values
    )
    certificates = Certificate.objects.all()
    valid = certificates.valid_on(today)
    assert certificates.count() >= 40
    assert valid.filter(valid_until__gt=today + datetime.timedelta(days=30)).exists()
    assert valid.filter(valid_until__lte=today + datetime.timedelta(days=30)).count() >= 3
    assert certificates.filter(valid_until__lt=today).count() >= 3
    assert certificates.filter(state=CertificateState.SUSPENDED).exists()
    assert certificates.filter(state=CertificateState.REVOKED).exists()
    holders = certificates.values("person")
    consents = PublicationConsent.objects.filter(person__in=holders)
    assert consents.filter(withdrawn_on__isnull=True).count() > certificates.count() // 2
    assert consents.filter(withdrawn_on__isnull=False).count() == 1
    assert Person.objects.filter(pk__in=holders, publication_consents__isnull=True).exists()


def test_demo_case_files_have_every_stage_and_something_overdue():
    call_command("load_demo")
    states = set(ReplacementRequest.objects.values_list("state", flat=True))
    assert states == set(ReplacementState.values)
    assert IndividualPlan.objects.exists() and Questionnaire.objects.exists()
    assert set(Report.objects.values_list("state", flat=True)) >= {"draft", "accepted"}
    today = datetime.date(2026, 11, 24)
    assert IndividualPlan.objects.overdue(today).exists() and Report.objects.overdue(today).exists()


def test_loading_the_demo_sends_no_mail_and_prints_none(settings, capsys):
    """The demo's people are made up: `make run` shows progress, not their e-mails (the
    development console backend would print each one)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    call_command("load_demo")
    printed = capsys.readouterr().out
    assert "Demo data loaded." in printed
    assert "Subject:" not in printed
