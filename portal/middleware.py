"""HTTP headers every response carries."""

from django.conf import settings


class ContentSecurityPolicyMiddleware:
    """Set the Content-Security-Policy: strict on the public site, the admin's own policy
    under ``/admin/`` (Wagtail's editor needs inline styles and scripts)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        admin = request.path.startswith("/admin/")
        response.setdefault(
            "Content-Security-Policy", settings.CSP_ADMIN if admin else settings.CSP_PUBLIC
        )
        return response
