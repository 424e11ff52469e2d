"""Every route of the URLconf against every role: no 2xx that the allow-list does not grant.

The routes are read from the URLconf itself, so views that later issues add (plans, reports,
exports …) are walked without a change here; a route whose arguments cannot be filled from the
sample objects fails the test, so a new kind of route cannot slip through unchecked. Arguments
are filled from real objects of the school of ``cast``, so users of the other school and
roles without access see someone else's documents.
"""

import re

from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLResolver, get_resolver

from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, Page, Task

import pytest

from tests.factories import (
    CertificateFactory,
    MentorshipFactory,
    OrderFactory,
    PublicationConsentFactory,
    StatusApplicationFactory,
    material,
)
from workflows.models import (
    CalendarOverride,
    IndividualPlan,
    PlanItem,
    Questionnaire,
    ReplacementRequest,
    Report,
)

pytestmark = pytest.mark.django_db

SCHOOL = {"curator", "org_head", "mentor", "mentee"}
MUNICIPAL = {"center", "department", "registrar"}
OTHER_SCHOOL = {f"other_{role}" for role in SCHOOL}
CONTENT = {"editor", "moderator"}
SIGNED_IN = SCHOOL | MUNICIPAL | OTHER_SCHOOL | CONTENT
EVERYONE = {"anonymous"} | SIGNED_IN
USERS = sorted(EVERYONE)

DRAFTERS = {"curator", "org_head", "other_curator", "other_org_head"}
# A mentorship's case file: the school's staff, both sides and the centre; the mentee's own
# questionnaire and replacement request are not the mentor's to see.
CASE_READERS = {"curator", "org_head", "mentor", "mentee", "center"}
MENTEES_OWN = CASE_READERS - {"mentor"}
HOLDER = {"mentor"}  # the certificate and the application are of the school's mentor

# Who may get a 2xx where: (pattern over the concrete path, users). The first match decides;
# a path that no entry matches may answer 2xx to nobody.
ALLOWED = [
    # The public site, its open data and the login pages.
    (r"^(?!admin/)", EVERYONE),
    (r"^admin/(login|password_reset)/", EVERYONE),
    # Static assets of the admin (its interface translations, the icon sprite): no data.
    (r"^admin/(jsi18n|sprite)/", EVERYONE),
    # Wagtail's shell and the choosers it opens to every admin user: the page chooser lists
    # page titles, the document and image choosers the shared collections. The portal's
    # guide shows each user the sections of their own roles.
    (
        r"^admin/($|account/|guide/|dismissibles/|choose-|api/main/|(documents|images)/chooser/)",
        SIGNED_IN,
    ),
    # Wagtail's own admin plumbing that holds no mentoring data: the modeladmin interface
    # translations, the 404 test page, the tags of published content, the names of the
    # moderation tasks (creating one needs the right, see test_the_admin_plumbing_…) and the
    # answer that a page has no workflow to cancel.
    (
        r"^admin/(modeladmin/jsi18n/|test404/|tag-autocomplete/|workflows/task_chooser/"
        r"|pages/workflow/confirm_cancellation/)",
        SIGNED_IN,
    ),
    # The site history opens to every admin user, narrowed to the objects each may see
    # (workflows/site_history.py; tests/workflows/test_site_history.py pins what it lists).
    (r"^admin/reports/site-history/", SIGNED_IN),
    # Pages, documents, images and form answers: the editors and moderators of content.
    (r"^admin/(pages|documents|images|reports|forms)/", CONTENT),
    # The production calendar is everyone's to read; the department keeps it.
    (r"^admin/workflows/calendaroverride/(create|edit)/", {"department"}),
    (r"^admin/workflows/calendaroverride/", SIGNED_IN),
    # Lists are narrowed to the user's scope, so they open to every mentoring role.
    (
        r"^admin/workflows/(organisation|person|mentorship|order)/$",
        SCHOOL | MUNICIPAL | OTHER_SCHOOL,
    ),
    (
        r"^admin/workflows/(certificate|statusapplication)/$",
        (SCHOOL | MUNICIPAL | OTHER_SCHOOL) - {"mentee", "other_mentee"},
    ),
    # Self-nomination for «Ментор» (any mentor), the department and the registrar nominate.
    (
        r"^admin/workflows/statusapplication/create/",
        (SCHOOL | OTHER_SCHOOL | MUNICIPAL) - {"mentee", "other_mentee"},
    ),
    (r"^admin/workflows/mentorship/create/", DRAFTERS),
    # Orders are issued by a school's head, the department (municipal) and the Ministry.
    (r"^admin/workflows/order/create/", DRAFTERS | {"department", "registrar"}),
    (r"^admin/workflows/person/create/", DRAFTERS | {"department", "registrar"}),
    (r"^admin/workflows/organisation/(create|edit)/", {"department"}),
    (r"^admin/workflows/person/edit/", {"curator", "org_head", "department", "registrar"}),
    # Objects of the school: its own people and the municipal roles, never the other school.
    (r"^admin/workflows/(organisation|person)/", SCHOOL | MUNICIPAL),
    (
        r"^admin/workflows/(certificate|statusapplication)/",
        {"curator", "org_head"} | HOLDER | MUNICIPAL,
    ),
    (r"^admin/workflows/publicationconsent/", {"registrar"}),
    # Case files: lists narrowed to the user's scope, objects to the case's readers.
    (
        r"^admin/workflows/(individualplan|report)/$",
        CASE_READERS | {"other_curator", "other_org_head", "other_mentor", "other_mentee"},
    ),
    (
        r"^admin/workflows/(questionnaire|replacementrequest)/$",
        MENTEES_OWN | {"other_curator", "other_org_head", "other_mentee"},
    ),
    (r"^admin/workflows/replacementrequest/create/", {"mentee", "other_mentee"}),
    (r"^admin/workflows/(individualplan|report)/", CASE_READERS),
    (r"^admin/workflows/(questionnaire|replacementrequest)/", MENTEES_OWN),
    # The mentor's signed consent: the school's staff, the mentor and the municipal overseers,
    # not the mentee (tests/workflows/test_consent_scan.py).
    (
        r"^admin/workflows/mentorship/scan/",
        {"curator", "org_head", "mentor", "center", "department"},
    ),
    # The centre's analysis of the whole municipality.
    (r"^admin/centre/", {"center"}),
    (r"^admin/workflows/(mentorship|order)/", SCHOOL | MUNICIPAL),
]


def walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


ROUTE_ARGUMENT = re.compile(r"<(?:\w+:)?(\w+)>")
REGEX_ARGUMENT = re.compile(r"\(\?P<(\w+)>(?:[^()]|\([^()]*\))*\)")


@pytest.fixture
def samples(cast, materials_index):
    """The objects whose ids fill route arguments, all of ``cast.school``."""
    page = material(materials_index, title="Проверка доступа")
    document = Document.objects.create(
        title="Памятка", file=ContentFile(b"%PDF-1.4 test", name="pamyatka.pdf")
    )
    image = Image.objects.create(title="Фото", file=get_test_image_file())
    mentorship = MentorshipFactory(
        organisation=cast.school,
        mentor=cast.mentor.person,
        mentee=cast.mentee.person,
        mentor_consent_scan=ContentFile(b"%PDF-1.4 consent", name="soglasie.pdf"),
    )
    person = cast.mentor.person
    case = {
        model: model.objects.create(mentorship=mentorship, due_on="2026-12-08")
        for model in (IndividualPlan, Report, Questionnaire)
    }
    item = PlanItem.objects.create(
        plan=case[IndividualPlan], activity="Посещение уроков", form="lesson_visit",
        due_on="2027-01-15",
    )  # fmt: skip
    replacement = ReplacementRequest.objects.create(mentorship=mentorship, reason="Переезд")
    by_model = {
        "mentorship": mentorship.pk,
        "order": OrderFactory(issuer=cast.school, mentorships=[mentorship]).pk,
        "statusapplication": StatusApplicationFactory(person=person).pk,
        "certificate": CertificateFactory(person=person).pk,
        "publicationconsent": PublicationConsentFactory(person=person).pk,
        "organisation": cast.school.pk,
        "person": person.pk,
        "individualplan": case[IndividualPlan].pk,
        "report": case[Report].pk,
        "questionnaire": case[Questionnaire].pk,
        "replacementrequest": replacement.pk,
        "calendaroverride": CalendarOverride.objects.create(
            date="2026-12-31", is_working_day=False
        ).pk,
        "pages": page.pk,
        "documents": document.pk,
        "images": image.pk,
        "users": cast.curator.pk,
        "groups": cast.curator.groups.first().pk,
        "collections": Collection.get_first_root_node().pk,
    }
    revision = page.latest_revision
    return {
        "by_model": by_model,
        "page_id": page.pk,
        "parent_page_id": materials_index.pk,
        "revision_id": revision.pk,
        "revision_id_a": "earliest",
        "revision_id_b": "latest",
        "document_id": document.pk,
        "doc_id": document.pk,
        "image_id": image.pk,
        "person_id": person.pk,
        "extension": "csv",
        "app_label": "workflows",
        "model_name": "mentorship",
        "transition": "send_for_consent",
        "item_pk": item.pk,
        "paper": "order",
        "scan": "consent",
        "file_format": "pdf",
        "filter_spec": "original",
        "special": {
            r"documents/^(\d+)/(.*)$": f"documents/{document.pk}/{document.filename}",
            r"^((?:[\w\-]+/)*)$": page.url.lstrip("/"),
            r"admin/^.*/$": "admin/no-such-section/",
        },
    }


def concrete(route: str, samples: dict) -> str:
    """The path of ``route`` with its arguments filled from ``samples``."""
    if route in samples["special"]:
        return samples["special"][route]

    def fill(match):
        name = match.group(1)
        if name in samples:
            return str(samples[name])
        # ``pk``, ``instance_pk``, ``object_id`` …: the object of the section the route is in.
        section = next(
            (model for model in samples["by_model"] if f"/{model}/" in f"/{route}"), None
        )
        if section is None:
            return "1"
        return str(samples["by_model"][section])

    path = ROUTE_ARGUMENT.sub(fill, REGEX_ARGUMENT.sub(fill, route))
    path = path.replace("^", "").replace("$", "").replace(r"\.", ".")
    assert not re.search(r"[()*+?\\]", path), f"add a sample for the route {route!r}"
    return path


def allowed_users(path: str) -> set[str]:
    return next((users for pattern, users in ALLOWED if re.search(pattern, path)), set())


@pytest.mark.parametrize("who", USERS)
def test_no_route_answers_2xx_to_a_user_it_is_not_meant_for(who, cast, samples):
    client = Client(raise_request_exception=False)
    user = None if who == "anonymous" else getattr(cast, who)
    unexpected = []
    for route in sorted(set(walk(get_resolver().url_patterns))):
        path = concrete(route, samples)
        # Signed in afresh for every route: Wagtail's logout drops the session even when it
        # refuses a GET, and every route after it would otherwise be walked as anonymous.
        if user is not None:
            client.force_login(user)
        status = client.get("/" + path).status_code
        if 200 <= status < 300 and who not in allowed_users(path):
            unexpected.append(f"{status} {path}")
    assert not unexpected, "\n".join(unexpected)


def test_no_post_without_a_csrf_token_is_accepted(cast, samples):
    """Signed in, so that no view refuses only for want of a login; the single exempt view is
    the low-vision switch (content.views.low_vision, a display preference)."""
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.force_login(cast.org_head)
    accepted = []
    for route in sorted(set(walk(get_resolver().url_patterns))):
        path = concrete(route, samples)
        status = client.post("/" + path, {"comment": "x"}).status_code
        if status < 400 and path != "low-vision/":
            accepted.append(f"{status} {path}")
    assert not accepted, "\n".join(accepted)


def test_the_admin_plumbing_open_to_every_user_changes_nothing_for_them(cast, samples):
    """The routes allowed above only read: a school user can neither create a moderation task
    nor move a page, and does not even see the move's confirmation (with a draft's title)."""
    client = Client(raise_request_exception=False)
    client.force_login(cast.mentee)
    tasks = Task.objects.count()
    response = client.post(
        "/admin/workflows/task_chooser/create/",
        {"create-task_type": "wagtailcore.GroupApprovalTask", "create-name": "Взлом"},
    )
    assert response.status_code >= 300 and Task.objects.count() == tasks

    page = Page.objects.get(pk=samples["page_id"])
    root = Page.get_first_root_node()
    confirm = f"/admin/pages/{page.pk}/move/{root.pk}/confirm/"
    assert client.get(confirm).status_code == 302
    assert client.post(confirm).status_code == 302
    page.refresh_from_db()
    assert page.get_parent().pk == samples["parent_page_id"]
