"""The order and organisation lists search folded text: any case, «ё» as «е», on SQLite (whose
LOWER() folds only ASCII) as on PostgreSQL."""

import importlib

from django.apps import apps

import pytest

from tests.factories import OrderFactory, OrganisationFactory
from workflows.models import Order, Organisation

pytestmark = pytest.mark.django_db


def listed(client, url: str, query: str) -> str:
    response = client.get(url, {"q": query})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("query", ["Васильева", "васильёва", "ВАСИЛЬЕВА", "приказ васильева"])
def test_the_order_list_folds_case_and_yo(client, cast, query):
    order = OrderFactory(issuer=cast.school, title="Приказ по заявлению Васильёва Т. Ф.")
    other = OrderFactory(issuer=cast.school, title="Об организации наставничества")
    client.force_login(cast.curator)

    listing = listed(client, "/admin/workflows/order/", query)

    assert f"/admin/workflows/order/inspect/{order.pk}/" in listing
    assert f"/admin/workflows/order/inspect/{other.pk}/" not in listing


def test_an_edited_title_is_found_by_its_new_words(client, cast):
    order = OrderFactory(issuer=cast.school, title="Об организации наставничества")
    order.title = "О закреплении Ёлкиной"
    order.save()
    client.force_login(cast.curator)

    assert f"/inspect/{order.pk}/" in listed(client, "/admin/workflows/order/", "елкиной")
    assert f"/inspect/{order.pk}/" not in listed(client, "/admin/workflows/order/", "организации")


@pytest.mark.parametrize("query", ["гимназия", "ГИМНАЗИЯ", "Гимназия «Ёлочка»", "елочка"])
def test_the_organisation_list_folds_case_and_yo_in_both_names(client, cast, query):
    gymnasium = OrganisationFactory(
        short_name="Гимназия «Ёлочка»", full_name="МБОУ «Гимназия «Ёлочка» г. Юрги»"
    )
    client.force_login(cast.center)

    listing = listed(client, "/admin/workflows/organisation/", query)

    assert f"/admin/workflows/organisation/inspect/{gymnasium.pk}/" in listing
    assert f"/admin/workflows/organisation/inspect/{cast.school.pk}/" not in listing


def test_the_migration_folds_the_rows_stored_before_it(cast):
    order = OrderFactory(issuer=cast.school, title="О закреплении за Ёлкиной")
    Order.objects.update(search_title="")
    Organisation.objects.filter(pk=cast.school.pk).update(search_name="")
    migration = importlib.import_module(
        "workflows.migrations.0015_folded_order_and_organisation_search"
    )

    migration.fold_existing(apps, None)

    assert Order.objects.get(pk=order.pk).search_title == "о закреплении за елкиной"
    school = Organisation.objects.get(pk=cast.school.pk)
    assert school.search_name == f"{cast.school.short_name} {cast.school.full_name}".lower()
