"""Whose address counts against the per-client limits (issue 11, item 10): the registry's
verification and the login lockout read it the same way."""

import ipaddress

import pytest

pytestmark = pytest.mark.django_db

DIRECT_PEER = "203.0.113.7"


@pytest.fixture
def behind_nginx(settings):
    """The production profile's reading of the visitor's address: X-Real-IP from the proxy."""
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    settings.TRUSTED_PROXIES = [ipaddress.ip_network("127.0.0.1"), ipaddress.ip_network("::1")]


def verify(client, n: int, **meta):
    return client.get("/registry/verify/", {"number": f"X-{n}"}, **meta).status_code


def test_a_direct_peer_cannot_choose_its_address_with_x_real_ip(client, settings, behind_nginx):
    settings.REGISTRY_VERIFY_LIMIT = 2
    statuses = [
        verify(client, n, REMOTE_ADDR=DIRECT_PEER, HTTP_X_REAL_IP=f"198.51.100.{n}")
        for n in range(3)
    ]
    assert statuses == [200, 200, 429]


def test_behind_the_trusted_proxy_each_visitor_has_its_own_limit(client, settings, behind_nginx):
    settings.REGISTRY_VERIFY_LIMIT = 2
    # The test client's peer is 127.0.0.1: nginx on the same machine.
    assert [verify(client, n, HTTP_X_REAL_IP=f"198.51.100.{n}") for n in range(3)] == [200] * 3
    assert [verify(client, n, HTTP_X_REAL_IP="198.51.100.9") for n in range(3)] == [200, 200, 429]


def test_a_proxy_on_an_ipv4_mapped_address_or_a_unix_socket_is_trusted(
    client, settings, behind_nginx
):
    settings.REGISTRY_VERIFY_LIMIT = 1
    for n, peer in enumerate(["::ffff:127.0.0.1", ""]):
        assert verify(client, n, REMOTE_ADDR=peer, HTTP_X_REAL_IP=f"198.51.100.{n}") == 200


def test_forged_addresses_do_not_escape_the_login_lockout(
    client, make_user, settings, behind_nginx
):
    user = make_user("editor", username="nastavnik")
    user.set_password("верный-пароль-2026")
    user.save()
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            "/admin/login/",
            {"username": "nastavnik", "password": "неверный"},
            REMOTE_ADDR=DIRECT_PEER,
            HTTP_X_REAL_IP=f"198.51.100.{attempt}",
        )
    response = client.post(
        "/admin/login/",
        {"username": "nastavnik", "password": "верный-пароль-2026"},
        REMOTE_ADDR=DIRECT_PEER,
        HTTP_X_REAL_IP="198.51.100.200",
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
