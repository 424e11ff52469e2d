from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    """The public registry of statuses: its models stay in ``workflows`` (no table moves);
    this app reads them and publishes them, and ``workflows`` never imports it."""

    name = "registry"
    verbose_name = _("Public registry")

    def ready(self):
        from content.cache import invalidate_now_and_after_commit
        from registry import papers  # noqa: F401  (registers the registry extract)
        from workflows.models import Certificate, Organisation, Person, PublicationConsent

        # What the registry shows: a change to any of it drops the public cache (STYLE 10:
        # signals only for audit and cache invalidation).
        for model in (Certificate, PublicationConsent, Person, Organisation):
            for signal in (post_save, post_delete):
                signal.connect(
                    invalidate_now_and_after_commit,
                    sender=model,
                    dispatch_uid=f"public-cache-{model.__name__}-{signal}",
                )
