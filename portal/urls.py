from django.conf import settings
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from content.views import PasswordResetView, healthz, low_vision, robots_txt
from workflows import site_history

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # Wagtail's site history narrowed to the user's scope; it must come before Wagtail's admin,
    # whose own route to the same path would otherwise answer (see workflows/site_history.py).
    path("admin/reports/", include(site_history)),
    # Before Wagtail's own, which it extends with a limit on the e-mails sent.
    path("admin/password_reset/", PasswordResetView.as_view()),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("low-vision/", low_vision, name="low_vision"),
    path("", include("registry.urls")),
]

if settings.DEBUG:
    from pathlib import Path

    from django.conf.urls.static import static

    # `runserver` serves the images Wagtail renders from MEDIA_URL, and nothing else under it:
    # documents go through Wagtail's view (which checks collection privacy), and consent scans
    # are not under MEDIA_ROOT at all (workflows/storage.py), so a stray file is not served.
    for folder in ("images", "original_images"):
        urlpatterns += static(
            f"{settings.MEDIA_URL}{folder}/", document_root=Path(settings.MEDIA_ROOT, folder)
        )

urlpatterns += [path("", include(wagtail_urls))]
