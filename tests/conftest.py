import datetime
import os
import zoneinfo

from django.core.cache import caches
from django.db import connection
from django.test import Client

from wagtail.models import Site

import pytest
import time_machine

from content.models import HomePage, MaterialIndexPage, NewsIndexPage, SearchPage
from content.moderation import ensure_publication_workflow
from content.regulation import import_regulation
from tests.factories import YOUNG_SINCE, OrganisationFactory, PersonFactory, UserFactory, publish
from workflows.roles import ensure_roles

# The day the demo data is written around: its consents, orders and due dates (some already
# overdue) are dated in November and December 2026. Tests that load it load it on this day.
DEMO_DAY = datetime.datetime(2026, 12, 2, 12, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Novokuznetsk"))


@pytest.fixture
def demo_day():
    """The clock frozen on :data:`DEMO_DAY`, for a test that loads the demo data."""
    with time_machine.travel(DEMO_DAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def roles(db):
    """The role groups with their permissions, as `setup_roles` creates them."""
    return ensure_roles()


@pytest.fixture
def make_user(roles):
    """A user with the given roles and a person in ``organisation`` (a new one if omitted)."""

    def make(*role_codes, organisation=None, person=True, **kwargs):
        user = UserFactory(roles=role_codes, **kwargs)
        if person:
            # A mentee is a young specialist (2.1): started teaching in September 2026.
            young = {"teaching_experience_since": YOUNG_SINCE} if "mentee" in role_codes else {}
            PersonFactory(user=user, organisation=organisation or OrganisationFactory(), **young)
        return user

    return make


@pytest.fixture
def school(db):
    return OrganisationFactory()


@pytest.fixture
def other_school(db):
    return OrganisationFactory()


@pytest.fixture
def home(db) -> HomePage:
    """The site's home page, as the migrations create it."""
    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture
def regulation(home):
    """The regulation imported from its scan in fixtures/ and published."""
    return import_regulation(log=lambda message: None)


@pytest.fixture
def materials_index(home):
    return publish(home, MaterialIndexPage(title="Материалы", slug="materials"))


@pytest.fixture
def news_index(home):
    return publish(home, NewsIndexPage(title="Новости", slug="news"))


@pytest.fixture
def search_page(home):
    return publish(home, SearchPage(title="Поиск", slug="search"))


@pytest.fixture
def publication_workflow(roles):
    """Wagtail's workflow «Публикация материалов» at the root of the page tree."""
    return ensure_publication_workflow()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Drop the test database cleanly on PostgreSQL.

    Wagtail's after-commit tasks can leave a connection in a finished live-server thread;
    it would block dropping the test database, so such sessions are ended first.
    """
    yield
    with django_db_blocker.unblock():
        connection.close()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            connection.close()


def pytest_collection_modifyitems(config, items):
    """Tests of PostgreSQL's row locks run only there; on SQLite they are deselected, and CI
    runs the suite on both databases."""
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return
    deselected = [item for item in items if item.get_closest_marker("postgres_only")]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker("postgres_only")]


@pytest.fixture
def uncached(settings):
    """Every request rendered afresh: for tests that pin what rendering itself costs."""
    settings.PUBLIC_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with no throttling counters or cached pages left by another."""
    for cache in caches.all():
        cache.clear()


@pytest.fixture(scope="module")
def operations(django_db_blocker):
    """The API's GET operations as its OpenAPI description lists them: (path, parameters)."""
    with django_db_blocker.unblock():
        schema = Client().get("/api/openapi.json").json()
    return [
        (path, operation.get("parameters", []))
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
        if method == "get"
    ]
