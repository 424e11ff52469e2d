from django.http import HttpResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    """Liveness probe with no database access: the framework's own ceiling in benchmarks."""
    return HttpResponse("ok", content_type="text/plain")
