from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class WorkflowsConfig(AppConfig):
    name = "workflows"
    verbose_name = _("Mentoring")

    def ready(self):
        # Imported once the app registry is ready: these modules load models.
        from workflows.history import protect_after_migrate
        from workflows.spreadsheets import protect_wagtail_exports

        # History tables that later migrations create (other apps, new documents) get the
        # append-only trigger too.
        post_migrate.connect(protect_after_migrate, sender=self, dispatch_uid="history-append-only")
        # Wagtail's own CSV downloads (site history, reports) neutralise formulas like ours.
        protect_wagtail_exports()
