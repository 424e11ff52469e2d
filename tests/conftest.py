from django.core.cache import cache
from django.db import connection

import pytest

from tests.factories import OrganisationFactory, PersonFactory, UserFactory
from workflows.roles import ensure_roles


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
            PersonFactory(user=user, organisation=organisation or OrganisationFactory())
        return user

    return make


@pytest.fixture
def school(db):
    return OrganisationFactory()


@pytest.fixture
def other_school(db):
    return OrganisationFactory()


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


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with no throttling counters left by another."""
    cache.clear()
