"""Wagtail's site history report (and its CSV/XLSX downloads), narrowed like the documents.

Wagtail shows a model's log entries to anyone holding some permission on the model, whatever
the object: a mentee of one school read who edited a teacher of another. Wagtail has no hook
for it, so ``portal/urls.py`` routes ``/admin/reports/site-history/`` to the view below, ahead
of Wagtail's own route; the view and its filter choices go through
:func:`workflows.scoping.scope_log_entries`.

Scoped rather than hidden: an entry is shown exactly when its object is in the user's scope
by the rule of that object's admin, which already lets the user open the object's own
history; what cannot be placed in an organisation (a deleted object, a model without a rule)
is hidden from school roles. The other reports (locked and aging pages, page workflows, page
types) list pages only and require page permissions that no mentoring role holds.
"""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.urls import path
from django.views.decorators.cache import never_cache

from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.reports.audit_logging import LogEntriesView, SiteHistoryReportFilterSet
from wagtail.log_actions import registry as log_action_registry
from wagtail.models import ModelLogEntry
from wagtail.utils.urlpatterns import decorate_urlpatterns

from workflows.scoping import scope_log_entries


def narrow(queryset, user):
    """``queryset`` of one log model, without the entries ``user`` may not see."""
    if issubclass(queryset.model, ModelLogEntry):
        return scope_log_entries(queryset, user)
    return queryset


def visible_log_entries(user):
    """Per log model (pages, other models), the entries ``user`` may see."""
    for log_model in log_action_registry.get_log_entry_models():
        yield narrow(log_model.objects.viewable_by_user(user), user)


class ScopedSiteHistoryFilterSet(SiteHistoryReportFilterSet):
    """The filters offer only the people, types and actions of entries the user may see:
    a list of who edited anything would itself tell about other schools."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["object_type"].queryset = self.content_types

    @staticmethod
    def content_types(request):
        used = set()
        for entries in visible_log_entries(request.user):
            used |= entries.get_content_type_ids()
        return ContentType.objects.filter(pk__in=used).order_by("model")

    def get_action_choices(self):
        used = set()
        for entries in visible_log_entries(self.request.user):
            used |= entries.get_actions()
        return [choice for choice in log_action_registry.get_choices() if choice[0] in used]

    def get_user_choices(self):
        user_ids = set()
        for entries in visible_log_entries(self.request.user):
            user_ids |= entries.get_user_ids()
        User = get_user_model()
        return User.objects.filter(pk__in=user_ids).order_by(User.USERNAME_FIELD)


class ScopedLogEntriesView(LogEntriesView):
    """The site history, its results fragment and its downloads, narrowed to the user."""

    filterset_class = ScopedSiteHistoryFilterSet

    def filter_queryset(self, queryset):
        # Wagtail calls this once per log model, on that model's entries, before the union.
        return narrow(super().filter_queryset(queryset), self.request.user)


# Included under ``admin/reports/`` before Wagtail's admin, with the same protections as
# Wagtail's own admin routes; the paths (and so Wagtail's URL names) stay the same.
urlpatterns = decorate_urlpatterns(
    decorate_urlpatterns(
        [
            path("site-history/", ScopedLogEntriesView.as_view(), name="site_history"),
            path(
                "site-history/results/",
                ScopedLogEntriesView.as_view(results_only=True),
                name="site_history_results",
            ),
        ],
        require_admin_access,
    ),
    never_cache,
)
