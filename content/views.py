from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from workflows.registry import RegistryFilters, as_csv, as_xlsx, export_entries

EXPORTS = {
    "csv": (as_csv, "text/csv; charset=utf-8"),
    "xlsx": (as_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


@never_cache
def healthz(request):
    """Liveness probe with no database access: the framework's own ceiling in benchmarks."""
    return HttpResponse("ok", content_type="text/plain")


@require_GET
def registry_export(request, extension: str):
    """The registry as an open-data file, with the list's filters (``kind``, ``organisation``,
    ``q``); at a fixed address, so that it does not move with the page tree."""
    write, content_type = EXPORTS[extension]
    today = timezone.localdate()
    entries = export_entries(today, RegistryFilters.from_params(request.GET))
    response = HttpResponse(write(entries), content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="registry-{today:%Y-%m-%d}.{extension}"'
    )
    return response
