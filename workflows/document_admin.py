"""The wagtail-modeladmin admin of workflow documents: page, transitions, history.

Thin by design: permissions come from the state machine, changes go through
:func:`workflows.services.take_transition`, reads through :mod:`workflows.selectors`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.contrib import messages
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import re_path, reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from wagtail_modeladmin.helpers import ButtonHelper
from wagtail_modeladmin.views import CreateView, InstanceSpecificView

from workflows.choices import OrderState, RouteMode, VisaDecision
from workflows.exceptions import TransitionIncomplete, TransitionRefused
from workflows.forms import TransitionForm
from workflows.grammar import user_name
from workflows.models.orders import fields_not_of_kind
from workflows.paper import FORMATS, find_paper, papers_for, render
from workflows.permissions import who_holds
from workflows.selectors import transition_log, versions_with_changes
from workflows.services import (
    blocked_reasons,
    find_transition,
    take_transition,
    triggered_transition,
    user_transitions,
)
from workflows.tasks import document_warnings
from workflows.transitions import form_class, requires_comment, triggered_by
from workflows.transitions import label as transition_label
from workflows.validators import SCAN_CONTENT_TYPES, read_head, scan_format
from workflows.wagtail_admin import (
    OutOfScopeIs404,
    ScopedEditView,
    ScopedInspectView,
    ScopedModelAdmin,
    ScopedPermissionHelper,
)


class DocumentPermissionHelper(ScopedPermissionHelper):
    """Content is edited only in editable states; nothing submitted is ever deleted."""

    def user_can_edit_obj(self, user, obj):
        return obj.is_editable and super().user_can_edit_obj(user, obj)

    def user_can_delete_obj(self, user, obj):
        return False


class OrderPermissionHelper(DocumentPermissionHelper):
    """An approver opens the order on their sheet, whatever their role's rights on orders."""

    def user_can_inspect_obj(self, user, obj):
        if user.is_authenticated and obj.route.filter(approver_id=user.pk).exists():
            return True
        return super().user_can_inspect_obj(user, obj)


class DocumentButtonHelper(ButtonHelper):
    inspect_button_classnames = ["button-small"]

    def inspect_button(self, pk, classnames_add=None, classnames_exclude=None):
        button = super().inspect_button(pk, classnames_add, classnames_exclude)
        button["label"] = _("Open")
        button["title"] = _("Open the document page")
        return button


def state_machine(document) -> dict:
    """The document's states and transitions, the current state marked, for the diagram."""
    labels = dict(document._meta.get_field("state").flatchoices)
    transitions = []
    for t in document.transitions():
        targets = [t.target] if isinstance(t.target, str) else t.target.allowed_states
        for target in targets:
            transitions.append(
                {
                    "source": labels.get(t.source, t.source),
                    "target": labels.get(target, target),
                    "label": transition_label(t),
                }
            )
    return {
        "states": [
            {"value": value, "label": label, "current": value == document.state}
            for value, label in labels.items()
        ],
        "transitions": transitions,
        "labels": labels,
    }


class DocumentView(ScopedInspectView):
    """The document page: its fields, its state, what comes next and who acts."""

    def get_template_names(self):
        return ["workflows/document.html"]

    def get_context_data(self, **kwargs):
        document = self.instance
        user = self.request.user
        available = user_transitions(document, user)
        next_steps = [
            {
                "label": transition_label(t),
                "who": who_holds(t.permission, document),
                "by_effect": bool(triggered_by(t)),
            }
            for t in document.transitions_from_here()
        ]
        return super().get_context_data(
            document=document,
            actions=[
                {
                    "name": t.name,
                    "label": transition_label(t),
                    "reasons": reasons,
                    "url": self.model_admin.transition_url(document, t.name),
                    # Returning, refusing, cancelling, revoking: secondary, after the main steps.
                    "secondary": requires_comment(t),
                }
                for t, reasons in sorted(available, key=lambda pair: requires_comment(pair[0]))
            ],
            # Where a step is blocked by the content, the way out is to correct it.
            edit_url=self.model_admin.url_helper.get_action_url("edit", quote(document.pk))
            if self.model_admin.permission_helper.user_can_edit_obj(user, document)
            else "",
            next_steps=next_steps,
            machine=state_machine(document),
            history_url=self.model_admin.history_url(document),
            papers=[
                {
                    "label": paper.label,
                    "links": [
                        (file_format, self.model_admin.paper_url(document, paper.name, file_format))
                        for file_format in FORMATS
                    ],
                }
                for paper in papers_for(document, user=user)
            ],
            scans=self.model_admin.scans_for(document, user),
            warnings=document_warnings(document, timezone.localdate()),
            **kwargs,
        )


@dataclass(frozen=True)
class SheetLine:
    """One line of an order's approval sheet as its page shows it."""

    number: int
    name: str  # Фамилия И. О. (the account's name where no person is linked)
    position: str
    decision: str
    decided_at: object
    comment: str
    awaited: bool  # the decision is expected now
    queued: bool  # a sequential route: the approver's turn has not come yet


def person_name(user) -> tuple[str, str]:
    """How a document names an account's holder, «Фамилия И. О.», and their position."""
    person = getattr(user, "person", None)
    if person is not None:
        return person.short_name, person.position
    return user_name(user), ""


def approval_sheet(order) -> list[SheetLine]:
    """Every visa of ``order`` in the sheet's order: who (with position), the decision, when and
    the comment; while the order is on approval, whose decision is awaited and, on a sequential
    route, who waits for their turn."""
    visas = list(order.route.select_related("approver__person"))
    on_approval = order.state == OrderState.APPROVAL
    pending = [visa.pk for visa in visas if visa.decision == VisaDecision.PENDING]
    now = pending[:1] if order.route_mode == RouteMode.SEQUENTIAL else pending
    lines = []
    for number, visa in enumerate(visas, 1):
        name, position = person_name(visa.approver)
        lines.append(
            SheetLine(
                number=number,
                name=name,
                position=position,
                decision=visa.get_decision_display(),
                decided_at=visa.decided_at,
                comment=visa.comment,
                awaited=on_approval and visa.pk in now,
                queued=on_approval and visa.pk in pending and visa.pk not in now,
            )
        )
    return lines


class OrderView(DocumentView):
    """The order's page with its approval sheet, and only the fields of its kind."""

    def get_fields_dict(self):
        others = fields_not_of_kind(self.instance.kind)
        names = self.model_admin.get_inspect_view_fields()
        return [self.get_dict_for_field(name) for name in names if name not in others]

    def get_context_data(self, **kwargs):
        return super().get_context_data(sheet=approval_sheet(self.instance), **kwargs)


class StatusApplicationView(DocumentView):
    """The application's page; once granted, it leads to the certificate the grant issued."""

    def get_context_data(self, **kwargs):
        certificate = getattr(self.instance, "certificate", None)
        if certificate is not None:
            kwargs["certificate"] = {
                "document": certificate,
                "url": reverse("workflows_certificate_modeladmin_inspect", args=[certificate.pk]),
            }
        return super().get_context_data(**kwargs)


def what_happens(document, transition) -> str:
    """One sentence on what taking ``transition`` does and who acts next."""
    labels = state_machine(document)["labels"]
    target = transition.target if isinstance(transition.target, str) else None
    if target is None:
        return _("The document moves on from «%(source)s».") % {
            "source": labels.get(document.state, document.state)
        }
    after = [t for t in type(document).transitions() if t.source == target and not triggered_by(t)]
    moved = _("The document passes from «%(source)s» to «%(target)s».") % {
        "source": labels.get(document.state, document.state),
        "target": labels.get(target, target),
    }
    main = [t for t in after if not requires_comment(t)] or after
    if not main:
        return f"{moved} {_('This is its final state.')}"
    who = _(" or ").join(dict.fromkeys(who_holds(t.permission, document) for t in main))
    return f"{moved} {_('Next to act: %(who)s.') % {'who': who}}"


def forbidden(request) -> TemplateResponse:
    """A plain 403: Wagtail would turn ``PermissionDenied`` into a redirect to the dashboard."""
    return TemplateResponse(request, "workflows/forbidden.html", status=403)


class TransitionView(OutOfScopeIs404, InstanceSpecificView):
    """Confirm a transition (comment, parameters) and take it through the service."""

    transition_name = None

    def __init__(self, model_admin, instance_pk, transition_name):
        super().__init__(model_admin, instance_pk)
        self.transition_name = transition_name

    def check_action_permitted(self, user):
        # The transition's own permission decides (checked in dispatch), not model permissions.
        return True

    def dispatch(self, request, *args, **kwargs):
        # Only another document's effect takes such a transition: it has no address, for anyone.
        if triggered_transition(self.model_admin.model, self.transition_name) is not None:
            raise Http404
        self.ensure_in_scope(request)
        self.transition = find_transition(self.instance, self.transition_name)
        if self.transition is None:
            messages.error(request, _("This action is not available now."))
            return redirect(self.model_admin.url_helper.get_action_url("inspect", self.pk_quoted))
        if not self.transition.has_perm(self.instance, request.user):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    def form_class(self):
        """The transition's form; one that declares ``needs_document`` is given the document."""
        form = form_class(self.transition) or TransitionForm
        if getattr(form, "needs_document", False):
            return partial(form, document=self.instance)
        return form

    def get(self, request, *args, **kwargs):
        return self.render(self.form_class()(comment_required=requires_comment(self.transition)))

    def post(self, request, *args, **kwargs):
        form = self.form_class()(
            request.POST, request.FILES, comment_required=requires_comment(self.transition)
        )
        if not form.is_valid():
            return self.render(form)
        try:
            take_transition(
                document=self.instance,
                name=self.transition_name,
                user=request.user,
                comment=form.cleaned_data.get("comment", ""),
                values=form.transition_params(),
            )
        except TransitionRefused as refused:
            show_refusal(form, refused)
            # A refusal by the rules is an answer (200); missing parameters are a bad request.
            bad_request = isinstance(refused, TransitionIncomplete)
            return self.render(form, status=400 if bad_request else 200)
        except PermissionDenied:
            return forbidden(request)
        messages.success(
            request,
            _("Done: «%(action)s».") % {"action": transition_label(self.transition)},
        )
        return redirect(self.model_admin.url_helper.get_action_url("inspect", self.pk_quoted))

    def render(self, form, status=200):
        return TemplateResponse(
            self.request,
            "workflows/transition.html",
            {
                "view": self,
                "document": self.instance,
                "form": form,
                "label": transition_label(self.transition),
                "what_happens": what_happens(self.instance, self.transition),
                "secondary": requires_comment(self.transition),
                "reasons": blocked_reasons(self.instance, self.transition),
                "back_url": self.model_admin.url_helper.get_action_url("inspect", self.pk_quoted),
            },
            status=status,
        )


def show_refusal(form, refused: ValidationError) -> None:
    """The service's refusal on the form: beside the field it names, else above the form."""
    if not hasattr(refused, "error_dict"):
        for message in refused.messages:
            form.add_error(None, message)
        return
    for field, errors in refused.error_dict.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


class HistoryView(OutOfScopeIs404, InstanceSpecificView):
    """The timeline of transitions and every version with its field-by-field changes."""

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_inspect_obj(user, self.instance)

    def get(self, request, *args, **kwargs):
        log = list(transition_log(self.instance))
        labels = state_machine(self.instance)["labels"]
        for entry in log:
            entry.source_label = labels.get(entry.source_state, entry.source_state or "—")
            entry.target_label = labels.get(entry.state, entry.state)
            found = next(
                (t for t in self.instance.transitions() if t.name == entry.transition), None
            )
            entry.label = transition_label(found) if found else entry.transition
        return TemplateResponse(
            request,
            "workflows/history.html",
            {
                "view": self,
                "document": self.instance,
                "log": log,
                "versions": versions_with_changes(self.instance),
                # Papers that print a past version: a link beside each version.
                "version_papers": [
                    (paper.label, self.model_admin.paper_url(self.instance, paper.name, "pdf"))
                    for paper in papers_for(self.instance, user=request.user)
                    if paper.versioned
                ],
                "back_url": self.model_admin.url_helper.get_action_url("inspect", self.pk_quoted),
            },
        )


@dataclass(frozen=True)
class Scan:
    """A scanned paper kept with a document: the file field, the link's text, the name of the
    download (without extension) and who may open it, ``may_see(user, document)``."""

    field: str
    label: str
    filename: str
    may_see: Callable[[object, object], bool]


class ScanView(OutOfScopeIs404, InstanceSpecificView):
    """A scan streamed from the private storage (it has no URL of its own), to those who may
    see the document (outside its scope: 404) and the scan itself (else 403).

    Served as what its content is, never as what its name says: PDF, JPEG and PNG open in the
    browser, anything else downloads; ``nosniff`` and an empty Content-Security-Policy keep a
    crafted file from running as a page of the admin.
    """

    scan_name = None

    def __init__(self, model_admin, instance_pk, scan_name):
        super().__init__(model_admin, instance_pk)
        self.scan_name = scan_name

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_inspect_obj(user, self.instance)

    def get(self, request, *args, **kwargs):
        scan = self.model_admin.scans.get(self.scan_name)
        if scan is None:
            raise Http404
        if not scan.may_see(request.user, self.instance):
            return forbidden(request)
        stored = getattr(self.instance, scan.field)
        if not stored:
            raise Http404
        try:
            handle = stored.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        kind = scan_format(read_head(handle))
        response = FileResponse(
            handle,
            content_type=SCAN_CONTENT_TYPES.get(kind, "application/octet-stream"),
            as_attachment=kind is None,
            filename=f"{scan.filename}-{self.instance.pk}.{kind or 'bin'}",
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'"
        return response


class PaperView(OutOfScopeIs404, InstanceSpecificView):
    """A paper of the document as a download, rendered now from the document, never stored."""

    paper_name = None
    file_format = None

    def __init__(self, model_admin, instance_pk, paper_name, file_format):
        super().__init__(model_admin, instance_pk)
        self.paper_name, self.file_format = paper_name, file_format

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_inspect_obj(user, self.instance)

    def get(self, request, *args, **kwargs):
        paper = find_paper(self.instance, self.paper_name, user=request.user)
        if paper is None:
            raise Http404
        rendered = render(paper, self.instance, self.file_format, request=request)
        response = HttpResponse(rendered.content, content_type=rendered.content_type)
        response["Content-Disposition"] = content_disposition_header(True, rendered.filename)
        return response


class ServiceRefusals:
    """For a form whose ``save()`` calls a service: a rule the service refuses by is shown on
    the form (nothing saved), a user it refuses gets a plain 403."""

    def get_success_url(self):
        """After a create or a save the user lands on the document's page, where the next step
        is (a list is where one looks for a document, not where one works on it)."""
        if self.model_admin.inspect_view_enabled and self.instance.pk:
            return self.url_helper.get_action_url("inspect", quote(self.instance.pk))
        return super().get_success_url()

    def form_valid(self, form):
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except PermissionDenied:
            return forbidden(self.request)
        except ValidationError as refused:
            show_refusal(form, refused)
            return self.form_invalid(form)


class ServiceCreateView(ServiceRefusals, CreateView):
    pass


class ServiceEditView(ServiceRefusals, ScopedEditView):
    pass


class DocumentCreateView(ServiceCreateView):
    """Records who drafted the document, in the document and in its first version."""

    def get_initial(self):
        """Fields named in the query string start filled in, so that a page can link to the
        next document already about it (``?kind=assign_mentor&mentorships=7``); the form
        still validates whatever is posted."""
        initial = super().get_initial()
        fields = {field.name: field for field in self.model._meta.get_fields()}
        for name, values in self.request.GET.lists():
            field = fields.get(name)
            if field is not None and getattr(field, "editable", False):
                initial[name] = values if field.many_to_many else values[0]
        return initial

    def form_valid(self, form):
        form.instance.created_by = self.request.user
        form.instance._change_reason = _("Drafted")
        return super().form_valid(form)


class ScanServing:
    """A model admin that keeps scanned papers with its records: the links a record's page
    shows and the view that streams each scan (see :class:`ScanView`)."""

    # Scanned papers kept with the record, by the name in their URL.
    scans: dict[str, Scan] = {}

    def scans_for(self, document, user) -> list[dict]:
        """The record's scans that exist and that ``user`` may open: link texts and URLs."""
        return [
            {"name": name, "label": scan.label, "url": self.scan_url(document, name)}
            for name, scan in self.scans.items()
            if getattr(document, scan.field) and scan.may_see(user, document)
        ]

    def scan_url(self, document, name: str) -> str:
        return self.url_helper.get_action_url("scan", document.pk, name)

    def scan_view(self, request, instance_pk, scan):
        return ScanView.as_view(model_admin=self, instance_pk=instance_pk, scan_name=scan)(request)

    def scan_urls(self) -> tuple:
        """The scan view's URL, for ``get_admin_urls_for_registration``."""
        if not self.scans:
            return ()
        prefix = f"^{self.opts.app_label}/{self.opts.model_name}"
        return (
            re_path(
                rf"{prefix}/scan/(?P<instance_pk>[-\w]+)/(?P<scan>\w+)/$",
                self.scan_view,
                name=self.url_helper.get_action_url_name("scan"),
            ),
        )


class DocumentModelAdmin(ScanServing, ScopedModelAdmin):
    """Admin of one kind of workflow document; subclasses name the model and its columns."""

    permission_helper_class = DocumentPermissionHelper
    button_helper_class = DocumentButtonHelper
    inspect_view_class = DocumentView
    create_view_class = DocumentCreateView
    edit_view_class = ServiceEditView
    inspect_view_enabled = True
    list_per_page = 50

    def transition_url(self, document, name: str) -> str:
        return self.url_helper.get_action_url("transition", document.pk, name)

    def history_url(self, document) -> str:
        return self.url_helper.get_action_url("history", document.pk)

    def paper_url(self, document, name: str, file_format: str) -> str:
        return self.url_helper.get_action_url("paper", document.pk, name, file_format)

    def paper_view(self, request, instance_pk, paper, file_format):
        view = PaperView.as_view(
            model_admin=self, instance_pk=instance_pk, paper_name=paper, file_format=file_format
        )
        return view(request)

    def transition_view(self, request, instance_pk, transition):
        view = TransitionView.as_view(
            model_admin=self, instance_pk=instance_pk, transition_name=transition
        )
        return view(request)

    def history_view(self, request, instance_pk):
        return HistoryView.as_view(model_admin=self, instance_pk=instance_pk)(request)

    def get_admin_urls_for_registration(self):
        prefix = f"^{self.opts.app_label}/{self.opts.model_name}"
        return (
            *super().get_admin_urls_for_registration(),
            *self.scan_urls(),
            re_path(
                rf"{prefix}/transition/(?P<instance_pk>[-\w]+)/(?P<transition>\w+)/$",
                self.transition_view,
                name=self.url_helper.get_action_url_name("transition"),
            ),
            re_path(
                rf"{prefix}/history/(?P<instance_pk>[-\w]+)/$",
                self.history_view,
                name=self.url_helper.get_action_url_name("history"),
            ),
            re_path(
                rf"{prefix}/paper/(?P<instance_pk>[-\w]+)/(?P<paper>\w+)\.(?P<file_format>pdf|docx)$",
                self.paper_view,
                name=self.url_helper.get_action_url_name("paper"),
            ),
        )
