from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from wagtail.admin.views import account

from content.apps import security_log
from content.low_vision import COOKIE as LOW_VISION_COOKIE
from content.low_vision import LowVision
from content.throttle import password_reset_allowed
from portal.throttle import client_address

ONE_YEAR = 365 * 24 * 60 * 60


@never_cache
def healthz(request):
    """Liveness probe with no database access: the framework's own ceiling in benchmarks."""
    return HttpResponse("ok", content_type="text/plain")


@csrf_exempt
@require_POST
def low_vision(request):
    """Switch the version for the visually impaired on or off, change one of its settings or
    reset them (:mod:`content.low_vision`), and go back to the page.

    A cookie rather than the session, so that anonymous visitors keep their choice without a
    session row, and a plain form so that it works without JavaScript. Exempt from CSRF: its
    only effect is a display preference in the visitor's own browser, and a token in the form
    on every page would make every public page unique to its visitor and so uncacheable.
    """
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    action = request.POST.get("low_vision")
    if action == "off":
        response.delete_cookie(LOW_VISION_COOKIE, samesite="Lax")
        return response
    current = LowVision.from_cookie(request.COOKIES.get(LOW_VISION_COOKIE))
    chosen = LowVision() if action == "reset" or current is None else current
    chosen = chosen.with_params(request.POST)
    response.set_cookie(LOW_VISION_COOKIE, chosen.cookie(), max_age=ONE_YEAR, samesite="Lax")
    return response


robots_txt = TemplateView.as_view(template_name="robots.txt", content_type="text/plain")


class PasswordResetView(account.PasswordResetView):
    """Wagtail's password-reset form (/admin/password_reset/) with a limit on the e-mails it
    sends: without one, anyone could flood a user's mailbox, or the mail server, from it."""

    def form_valid(self, form):
        if password_reset_allowed(self.request, form.cleaned_data["email"]):
            return super().form_valid(form)
        security_log.warning(
            "Password reset refused: too many requests from %s", client_address(self.request)
        )
        minutes = max(1, settings.PASSWORD_RESET_WINDOW // 60)
        form.add_error(
            None,
            ngettext(
                "Too many requests to reset a password. Please try again in %(minutes)d minute.",
                "Too many requests to reset a password. Please try again in %(minutes)d minutes.",
                minutes,
            )
            % {"minutes": minutes},
        )
        response = self.form_invalid(form)
        response.status_code = 429
        return response
