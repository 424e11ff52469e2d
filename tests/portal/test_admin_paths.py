"""An admin path whose object id no row can have answers 404, never a server error.

modeladmin's URLs take any word as the id (``[-\\w]+``) and the ORM raised on letters or on a
number past the bigint range (issue 11, item 6, found in the admin). Every admin route with an
object id is read from the URLconf, so a view added later is walked too.
"""

import re

from django.test import Client
from django.urls import get_resolver

import pytest

from tests.portal.test_route_matrix import walk

pytestmark = pytest.mark.django_db

INSTANCE = re.compile(r"\(\?P<instance_pk>[^)]*\)")
OTHER_ARGUMENT = re.compile(r"\(\?P<(\w+)>(?:[^()]|\([^()]*\))*\)")
FILLERS = {"transition": "cancel", "paper": "order", "file_format": "pdf", "scan": "consent"}


def instance_routes() -> list[str]:
    routes = [r for r in walk(get_resolver().url_patterns) if "instance_pk" in r]
    assert len(routes) > 20, routes  # every document's inspect, edit, history, papers …
    return sorted(set(routes))


def concrete(route: str, instance_pk: str) -> str:
    path = INSTANCE.sub(instance_pk, route)
    path = OTHER_ARGUMENT.sub(lambda m: FILLERS.get(m.group(1), "x"), path)
    return "/" + path.replace("^", "").replace("$", "").replace("\\.", ".")


@pytest.mark.parametrize("instance_pk", ["abc", "99999999999999999999999", "0"])
def test_an_id_no_row_can_have_is_a_404_on_every_admin_object_route(instance_pk, make_user):
    client = Client(raise_request_exception=False)
    client.force_login(make_user("center", is_superuser=True))
    errors = []
    for route in instance_routes():
        path = concrete(route, instance_pk)
        status = client.get(path).status_code
        if status != 404:
            errors.append(f"{status} {path}")
    assert not errors, "\n".join(errors)
