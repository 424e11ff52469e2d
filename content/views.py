from django.http import HttpResponse, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

LOW_VISION_COOKIE = "low_vision"
ONE_YEAR = 365 * 24 * 60 * 60


@never_cache
def healthz(request):
    """Liveness probe with no database access: the framework's own ceiling in benchmarks."""
    return HttpResponse("ok", content_type="text/plain")


@require_POST
def low_vision(request):
    """Switch the version for the visually impaired on or off and go back to the page.

    A cookie rather than the session, so that anonymous visitors keep their choice without a
    session row, and a plain form so that it works without JavaScript.
    """
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    if request.POST.get("low_vision") == "on":
        response.set_cookie(LOW_VISION_COOKIE, "on", max_age=ONE_YEAR, samesite="Lax")
    else:
        response.delete_cookie(LOW_VISION_COOKIE, samesite="Lax")
    return response


robots_txt = TemplateView.as_view(template_name="robots.txt", content_type="text/plain")
