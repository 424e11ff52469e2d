"""Admin pages that are not one document: the centre's dashboard."""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import urlencode

from workflows.analytics import bar_chart, centre_table, centre_tables, filters_from
from workflows.choices import MentoringKind, Role
from workflows.models import Mentorship, Organisation
from workflows.predicates import has_role, user_roles

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def may_see_dashboard(user) -> bool:
    return user.is_superuser or has_role(user, Role.CENTER)


def centre_dashboard(request):
    """The centre's tables and chart; ``?export=<table>`` downloads that table as XLSX."""
    if not may_see_dashboard(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    filters = filters_from(request.GET)
    export = request.GET.get("export")
    if export:
        table = centre_table(export, today, filters)
        if table is None:
            raise Http404
        response = HttpResponse(table.to_xlsx(), content_type=XLSX)
        response["Content-Disposition"] = (
            f'attachment; filename="{table.key}-{today:%Y-%m-%d}.xlsx"'
        )
        return response
    tables = centre_tables(today, filters)
    by_question = next(table for table in tables if table.key == "by_question")
    return TemplateResponse(
        request,
        "workflows/centre_dashboard.html",
        {
            "tables": tables,
            "chart": bar_chart(by_question),
            "chart_title": by_question.title,
            "today": today,
            "filters": filters,
            # A semi-join: each organisation probes the index for one mentorship, instead of
            # joining every mentorship of the region and removing the duplicates.
            "organisations": Organisation.objects.filter(
                Exists(Mentorship.objects.filter(organisation=OuterRef("pk")))
            ).order_by("short_name"),
            "kinds": MentoringKind.choices,
            # The exports keep the page's filters.
            "query": urlencode({k: v for k, v in request.GET.items() if k != "export"}),
        },
    )


# The guide's sections of the roles that do mentoring, in the page's order; page editors and
# moderators share one section at the end (templates/workflows/guide.html).
GUIDE_SECTIONS = (
    Role.CURATOR,
    Role.ORG_HEAD,
    Role.MENTOR,
    Role.MENTEE,
    Role.CENTER,
    Role.DEPARTMENT,
    Role.REGISTRAR,
)


def guide(request):
    """The portal's own short guide: what each of the user's roles does, step by step.

    The help menu points here instead of Wagtail's editor guide; a user sees the sections of
    their roles (a superuser sees all of them).
    """
    roles = set(Role.values) if request.user.is_superuser else set(user_roles(request.user))
    labels = {role.value: role.label for role in Role}
    contents = [(code, labels[code]) for code in GUIDE_SECTIONS if code in roles]
    if roles & {Role.EDITOR, Role.MODERATOR}:
        contents.append(("pages", f"{labels[Role.EDITOR]}, {labels[Role.MODERATOR].lower()}"))
    return TemplateResponse(
        request,
        "workflows/guide.html",
        {"roles": roles, "role_labels": labels, "contents": contents},
    )
