from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    """The public registry of statuses: its models stay in ``workflows`` (no table moves);
    this app reads them and publishes them, and ``workflows`` never imports it."""

    name = "registry"
    verbose_name = _("Public registry")

    def ready(self):
        from content.cache import invalidate_on_change
        from registry import papers  # noqa: F401  (registers the registry extract)
        from workflows.models import Certificate, Organisation, Person, PublicationConsent

        # What the registry shows: a change to any of it drops the public cache (STYLE 10:
        # signals only for audit and cache invalidation).
        invalidate_on_change(Certificate, PublicationConsent, Person, Organisation)
