"""The registry's read-only JSON API with its OpenAPI description (django-ninja).

django-ninja because Wagtail 8 already installs it, it writes the OpenAPI description from
the type hints used here, and it validates every parameter before our code runs. The data
come from :mod:`workflows.registry`, as for the HTML pages and the exports.
"""

from typing import Annotated, Literal

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control

from ninja import Field, NinjaAPI, Query, Schema
from ninja.params import functions as params
from ninja.throttling import BaseThrottle

from content.throttle import allow
from workflows.params import MAX_ID
from workflows.registry import (
    QUERY_MAX_LENGTH,
    RegistryEntry,
    RegistryFilters,
    person_entries,
    registry_page,
)


class RegistryThrottle(BaseThrottle):
    """The API's per-address limit, counted like verification's (content.throttle): in the
    shared cache, so every app server counts against one limit; django-ninja answers 429."""

    def allow_request(self, request: HttpRequest) -> bool:
        return allow(request, "api", settings.REGISTRY_API_LIMIT, settings.REGISTRY_API_WINDOW)


api = NinjaAPI(
    title="Реестр наставников Юрги",
    version="1.0",
    description=(
        "Открытые данные реестра статусов «Ментор» и «Тьютор»: только действующие "
        "свидетельства лиц, давших согласие на распространение, и только разрешённые ими поля."
    ),
    urls_namespace="registry-api",
    throttle=RegistryThrottle(),
)


class RegistryOut(Schema):
    count: int
    page: int
    pages: int
    results: list[RegistryEntry]


class PersonOut(Schema):
    person_id: int
    name: str
    certificates: list[RegistryEntry]


class RegistryQuery(Schema):
    kind: Literal["mentor", "tutor"] | None = None
    organisation: int | None = Field(None, ge=1, le=MAX_ID)
    q: str | None = Field(None, max_length=QUERY_MAX_LENGTH)
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(20, ge=1, le=100)


class Message(Schema):
    detail: str


def cacheable(response: HttpResponse) -> None:
    patch_cache_control(response, public=True, max_age=settings.REGISTRY_CACHE_SECONDS)


@api.get("/registry/", response=RegistryOut, tags=["registry"], summary="Список реестра")
def registry_list(request: HttpRequest, response: HttpResponse, filters: Query[RegistryQuery]):
    """Действующие свидетельства с фильтрами по статусу и организации и поиском по ФИО и
    направлению (ё = е, без учёта регистра), постранично."""
    page, entries = registry_page(
        timezone.localdate(),
        RegistryFilters(
            kind=filters.kind or "", organisation=filters.organisation, query=filters.q or ""
        ),
        filters.page,
        per_page=filters.page_size,
    )
    cacheable(response)
    return {
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "results": entries,
    }


@api.get(
    "/registry/{person_id}/",
    response={200: PersonOut, 404: Message},
    tags=["registry"],
    summary="Лицо из реестра",
)
def registry_person(
    request: HttpRequest,
    response: HttpResponse,
    person_id: Annotated[int, params.Path(ge=1, le=MAX_ID)],
):
    """Действующие свидетельства одного лица из реестра."""
    entries: list[RegistryEntry] = person_entries(timezone.localdate(), person_id)
    if not entries:
        raise Http404
    cacheable(response)
    return {
        "person_id": person_id,
        "name": entries[0].name,
        "certificates": entries,
    }
