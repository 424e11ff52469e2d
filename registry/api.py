"""The registry's read-only JSON API with its OpenAPI description (django-ninja).

django-ninja because Wagtail 8 already installs it, it writes the OpenAPI description from
the type hints used here, and it validates every parameter before our code runs. The data
come from :mod:`registry.selectors`, as for the HTML pages and the exports.
"""

from collections.abc import Callable
from typing import Annotated, Literal

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import Throttled, ValidationError
from ninja.params import functions as params
from ninja.throttling import BaseThrottle

from portal.throttle import allow
from registry.selectors import (
    QUERY_MAX_LENGTH,
    RegistryEntry,
    RegistryFilters,
    person_entries,
    registry_page,
)
from workflows.params import MAX_ID


class RegistryThrottle(BaseThrottle):
    """The API's per-address limit, counted like verification's (portal.throttle): in the
    shared cache, so every app server counts against one limit; django-ninja answers 429."""

    def allow_request(self, request: HttpRequest) -> bool:
        return allow(request, "api", settings.REGISTRY_API_LIMIT, settings.REGISTRY_API_WINDOW)

    def wait(self) -> int:
        """The ``Retry-After`` of a 429: the window, which ends no later than that."""
        return settings.REGISTRY_API_WINDOW


api = NinjaAPI(
    title="Реестр наставников Юрги",
    version="1.0",
    description=(
        "Открытые данные реестра статусов «Ментор» и «Тьютор»: только действующие "
        "свидетельства лиц, давших согласие на распространение, и только разрешённые ими поля. "
        "Каждый адрес отвечает на GET и HEAD; число запросов с одного адреса ограничено.\n\n"
        "[← Вернуться к реестру на сайте](/registry/) · [Открытые данные](/opendata/)"
    ),
    urls_namespace="registry-api",
    throttle=RegistryThrottle(),
)


class Message(Schema):
    detail: str


class Problem(Schema):
    """What is wrong with one parameter."""

    loc: list[str | int] = Field(description="где: источник и имя параметра")
    type: str = Field(description="код ошибки (pydantic)")
    msg: str = Field(description="что не так, по-русски")


class Invalid(Schema):
    detail: list[Problem]


# Declared on every endpoint (see ``readable``): parameters are validated before the view
# runs, and every request counts against the per-address limit.
ERRORS = {422: Invalid, 429: Message}
DESCRIPTIONS = {
    200: "Успешный ответ",
    404: "Не найдено",
    422: "Недопустимый параметр: в detail — какой (loc) и что с ним не так (type, msg)",
    429: "Слишком много запросов с одного адреса; повторите через Retry-After секунд",
}


def readable(path: str, *, response: dict, **options) -> Callable:
    """Register a read-only endpoint: GET, with its success and error answers declared in
    the OpenAPI description (in Russian), and HEAD, which HTTP asks of every server (RFC
    9110, 9.1) and django-ninja does not add. HEAD runs the same view (the server drops the
    body) and stays out of the description, where it would repeat GET's operation."""
    responses = {**response, **ERRORS}
    extra = {"responses": {status: {"description": DESCRIPTIONS[status]} for status in responses}}
    extra["responses"][429]["headers"] = {
        "Retry-After": {
            "description": "через сколько секунд повторить",
            "schema": {"type": "integer"},
        }
    }

    def register(view: Callable) -> Callable:
        api.api_operation(["HEAD"], path, response=responses, include_in_schema=False)(view)
        return api.get(path, response=responses, openapi_extra=extra, **options)(view)

    return register


# pydantic's error types that the parameters above can raise, in Russian; its own text is
# English. A limit from the error's context fills the message.
PROBLEMS = {
    "int_parsing": gettext_lazy("must be a whole number"),
    "int_parsing_size": gettext_lazy("must be a whole number"),
    "int_from_float": gettext_lazy("must be a whole number"),
    "greater_than_equal": gettext_lazy("must be at least %(ge)s"),
    "less_than_equal": gettext_lazy("must be at most %(le)s"),
    "string_too_long": ngettext_lazy(
        "must be at most %(max_length)s character long",
        "must be at most %(max_length)s characters long",
        "max_length",
    ),
    "literal_error": gettext_lazy("must be one of the values listed in the API description"),
}


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    problems = [
        {
            "loc": list(error["loc"]),
            "type": error["type"],
            "msg": PROBLEMS.get(error["type"], _("invalid value")) % error.get("ctx", {}),
        }
        for error in exc.errors
    ]
    return api.create_response(request, {"detail": problems}, status=422)


@api.exception_handler(Throttled)
def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    message = _("Too many requests from your address. Please try again in a few minutes.")
    return api.create_response(request, {"detail": message}, status=429)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


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


def cacheable(response: HttpResponse) -> None:
    patch_cache_control(response, public=True, max_age=settings.REGISTRY_CACHE_SECONDS)


@readable("/registry/", response={200: RegistryOut}, tags=["registry"], summary="Список реестра")
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


@readable(
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
