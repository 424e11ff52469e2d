import logging

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

security_log = logging.getLogger("portal.security")


def log_lockout(*, username, ip_address, **_kwargs) -> None:
    """The audit line of a brute-force lockout on the admin login (django-axes)."""
    security_log.warning("Login locked out: user %r from %s", username, ip_address)


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = _("Published content")

    def ready(self):
        # Imported once the app registry is ready: these modules load models.
        from wagtail.models import PageViewRestriction, Site
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from axes.signals import user_locked_out

        from content.cache import invalidate_now_and_after_commit, invalidate_on_change
        from content.models import SiteDetails, SocialMediaSettings

        user_locked_out.connect(log_lockout, dispatch_uid="log-lockout")
        # What the public pages show: a change to any of it drops the public cache (STYLE 10:
        # signals only for audit and cache invalidation). The registry wires its own models.
        # A move changes addresses in every menu and trail; the settings and the site are in
        # every page's frame; a page made private must stop being served from the cache.
        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(invalidate_now_and_after_commit, dispatch_uid=f"public-cache-{signal}")
        invalidate_on_change(SocialMediaSettings, SiteDetails, Site, PageViewRestriction)
