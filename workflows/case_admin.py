"""Admin of the documents filed in a mentorship's case: plans, reports, questionnaires and
replacement requests. Scope, buttons and history come from :mod:`workflows.document_admin`;
this adds due dates, the overdue filter, the plan's activities and the mentee's request form.
"""

import datetime
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import re_path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.panels import FieldPanel, ObjectList

from workflows.choices import MentorshipState, OrderKind, PlanState
from workflows.document_admin import DocumentModelAdmin, DocumentPermissionHelper, DocumentView
from workflows.exceptions import TransitionRefused
from workflows.forms import (
    CaseDocumentAdminForm,
    PlanItemDoneForm,
    QuestionnaireAdminForm,
    ReplacementRequestForm,
)
from workflows.models import IndividualPlan, PlanItem, Questionnaire, ReplacementRequest, Report
from workflows.models.deadlines import DeadlineDocument, overdue_q
from workflows.permissions import may_draft_mentorships, the_mentor
from workflows.predicates import may_see_mentorship
from workflows.scoping import scope_to_mentorships, scope_to_orders
from workflows.services import plan_item_mark_done, replacement_request_create
from workflows.tasks import document_path
from workflows.wagtail_admin import (
    FoldedSearchHandler,
    InlineListPanel,
    OfferedChoicesFilter,
    OrganisationFilter,
)


class OverdueFilter(OfferedChoicesFilter):
    title = gettext_lazy("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return (("yes", gettext_lazy("Overdue")), ("no", gettext_lazy("Not overdue")))

    def narrow(self, queryset, value):
        today = timezone.localdate()
        if value == "yes":
            return queryset.overdue(today)
        return queryset.exclude(overdue_q(today))


class CasePermissionHelper(DocumentPermissionHelper):
    """Plans, reports and questionnaires open with their mentorship; nobody adds them by hand."""

    def user_can_create(self, user):
        return self.model_admin.creatable and super().user_can_create(user)


class CaseDocumentView(DocumentView):
    def get_template_names(self):
        return ["workflows/case_document.html"]

    def get_context_data(self, **kwargs):
        document = self.instance
        context = {"today": timezone.localdate()}
        if isinstance(document, DeadlineDocument):
            context["overdue"] = document.is_overdue_on(context["today"])
        if isinstance(document, IndividualPlan):
            context["items"] = document.items.all()
            context["may_mark"] = document.state == PlanState.APPROVED and the_mentor(
                document, self.request.user
            )
            context["mark_form"] = PlanItemDoneForm()
            context["mark_url_name"] = self.model_admin.url_helper.get_action_url_name("item_done")
        if isinstance(document, Report):
            plan = getattr(document.mentorship, "plan", None)
            context["plan_completion"] = plan.completion() if plan else (0, 0)
        if isinstance(document, ReplacementRequest) and document.new_mentorship_id:
            context["new_mentorship_url"] = document_path(document.new_mentorship)
        context["mentorship_url"] = document_path(document.mentorship)
        return super().get_context_data(**context, **kwargs)


@dataclass(frozen=True)
class CaseEntry:
    """One document of a mentorship's case as the mentorship's page lists it."""

    kind: str
    document: object
    url: str
    state: str
    due_on: datetime.date | None = None
    overdue: bool = False
    progress: tuple[int, int] | None = None


def case_file(mentorship, user, today: datetime.date) -> list[CaseEntry]:
    """The documents of ``mentorship``'s case that ``user`` may open: its orders, plan (with
    its progress), report, questionnaire and replacement requests, each with its state, due
    date and whether it is overdue. A bounded number of queries."""
    documents = []
    if user.has_perm("workflows.view_order") or user.is_superuser:
        documents += list(scope_to_orders(mentorship.orders.all(), user).order_by("created_at"))
    for model in (IndividualPlan, Report, Questionnaire):
        if user.has_perm(f"workflows.view_{model._meta.model_name}"):
            documents += list(model.objects.filter(mentorship=mentorship))
    if user.has_perm("workflows.view_replacementrequest"):
        documents += list(mentorship.replacement_requests.order_by("created_at"))
    entries = []
    for document in documents:
        document_is_dated = isinstance(document, DeadlineDocument)
        if document_is_dated:
            document.mentorship = mentorship
        entries.append(
            CaseEntry(
                kind=capfirst(document._meta.verbose_name),
                document=document,
                url=document_path(document),
                state=document.get_state_display(),
                due_on=document.due_on if document_is_dated else None,
                overdue=document_is_dated and document.is_overdue_on(today),
                progress=document.completion() if isinstance(document, IndividualPlan) else None,
            )
        )
    return entries


class MentorshipView(DocumentView):
    """The mentorship's page is its case file: every document of the case, linked."""

    def get_template_names(self):
        return ["workflows/mentorship_document.html"]

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        return super().get_context_data(
            case=case_file(self.instance, self.request.user, today),
            draft_order_url=draft_order_url(self.instance, self.request.user),
            **kwargs,
        )


def draft_order_url(mentorship, user) -> str:
    """Where the school's staff draft the assignment order once both sides consented (2.6),
    the form filled in for this mentorship; "" when that is not the next step or not theirs."""
    if mentorship.state != MentorshipState.AWAITING_ORDER or not user.has_perm(
        "workflows.add_order"
    ):
        return ""
    if not may_draft_mentorships(mentorship, user):
        return ""
    query = urlencode(
        {
            "issuer": mentorship.organisation_id,
            "kind": OrderKind.ASSIGN_MENTOR,
            "mentorships": mentorship.pk,
            "starts_on": f"{mentorship.starts_on:%d.%m.%Y}",
        }
    )
    return f"{reverse('workflows_order_modeladmin_create')}?{query}"


class CaseModelAdmin(DocumentModelAdmin):
    """Documents reached through a mentorship: seen by whoever sees the mentorship."""

    permission_helper_class = CasePermissionHelper
    inspect_view_class = CaseDocumentView
    scope_field = "mentorship__organisation"
    creatable = False
    list_select_related = ("mentorship__mentor", "mentorship__mentee", "mentorship__organisation")
    list_filter = ("state", OverdueFilter, OrganisationFilter)
    search_fields = ("mentorship__mentor__search_name", "mentorship__mentee__search_name")
    # The names are stored folded: the query is folded the same way on every database.
    search_handler_class = FoldedSearchHandler

    def scope_queryset(self, queryset, user):
        return scope_to_mentorships(queryset, user, via="mentorship__")

    def in_scope(self, obj, user):
        return may_see_mentorship(user, obj.mentorship)

    def organisation(self, obj):
        return obj.mentorship.organisation

    organisation.short_description = gettext_lazy("organisation")

    def overdue(self, obj):
        return _("overdue") if obj.is_overdue_on(timezone.localdate()) else ""

    overdue.short_description = gettext_lazy("overdue")


class IndividualPlanAdmin(CaseModelAdmin):
    model = IndividualPlan
    menu_icon = "list-ol"
    list_display = ("__str__", "organisation", "state", "due_on", "overdue", "items_done")
    inspect_view_fields = ("mentorship", "tasks", "due_on", "submitted_on", "approved_on")
    edit_handler = ObjectList(
        [
            FieldPanel("tasks"),
            InlineListPanel(
                "items",
                heading=gettext_lazy("Activities"),
                label=gettext_lazy("Activity"),
                add_label=gettext_lazy("Add an activity"),
                panels=[
                    FieldPanel("activity"),
                    FieldPanel("form"),
                    FieldPanel("due_on"),
                    FieldPanel("expected_result"),
                ],
            ),
        ],
        base_form_class=CaseDocumentAdminForm,
    )

    def item_done_view(self, request, item_pk):
        """Mark one activity done (POST), through the service, and go back to the plan."""
        item = get_object_or_404(PlanItem.objects.select_related("plan__mentorship"), pk=item_pk)
        if not self.in_scope(item.plan, request.user):
            raise Http404
        form = PlanItemDoneForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                plan_item_mark_done(item=item, user=request.user, note=form.cleaned_data["note"])
                messages.success(request, _("Marked done: %(activity)s") % {"activity": item})
            except TransitionRefused as refused:
                for message in refused.messages:
                    messages.error(request, message)
        return redirect(self.url_helper.get_action_url("inspect", item.plan_id))

    def get_admin_urls_for_registration(self):
        prefix = f"^{self.opts.app_label}/{self.opts.model_name}"
        return (
            *super().get_admin_urls_for_registration(),
            re_path(
                rf"{prefix}/item-done/(?P<item_pk>\d+)/$",
                self.item_done_view,
                name=self.url_helper.get_action_url_name("item_done"),
            ),
        )


class ReportAdmin(CaseModelAdmin):
    model = Report
    menu_icon = "doc-full-inverse"
    list_display = ("__str__", "organisation", "state", "due_on", "overdue")
    inspect_view_fields = (
        "mentorship", "results_regulations", "results_motivation", "results_discipline",
        "recommendations", "due_on", "submitted_on", "approved_on", "accepted_on",
    )  # fmt: skip
    edit_handler = ObjectList(
        [
            FieldPanel("results_regulations"),
            FieldPanel("results_motivation"),
            FieldPanel("results_discipline"),
            FieldPanel("recommendations"),
        ],
        base_form_class=CaseDocumentAdminForm,
    )


class QuestionnaireAdmin(CaseModelAdmin):
    model = Questionnaire
    menu_icon = "form"
    list_display = ("__str__", "organisation", "state", "due_on", "overdue")
    inspect_view_fields = ("mentorship", *Questionnaire.SCORES, "comment", "due_on", "submitted_on")
    edit_handler = ObjectList(
        [
            *(FieldPanel(name, widget=forms.RadioSelect) for name in Questionnaire.SCORES),
            FieldPanel("comment"),
        ],
        base_form_class=QuestionnaireAdminForm,
    )


class ReplacementRequestAdmin(CaseModelAdmin):
    model = ReplacementRequest
    menu_icon = "repeat"
    creatable = True
    list_display = ("__str__", "organisation", "state", "created_at", "decided_on")
    list_filter = ("state", OrganisationFilter)
    inspect_view_fields = (
        "mentorship", "reason", "proposed_mentor", "decided_on", "effective_on", "new_mentor",
        "new_mentorship",
    )  # fmt: skip

    def create_view(self, request):
        """The mentee files a request through the service (it is submitted as it is filed)."""
        if not self.permission_helper.user_can_create(request.user):
            raise PermissionDenied
        form = ReplacementRequestForm(request.POST or None, user=request.user)
        if request.method == "POST" and form.is_valid():
            try:
                created = replacement_request_create(user=request.user, **form.cleaned_data)
            except TransitionRefused as refused:
                for message in refused.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("Your request is submitted to the head."))
                return redirect(self.url_helper.get_action_url("inspect", created.pk))
        return TemplateResponse(
            request,
            "workflows/replacement_request_form.html",
            {"form": form, "back_url": self.url_helper.index_url, "view": {"model_admin": self}},
        )
