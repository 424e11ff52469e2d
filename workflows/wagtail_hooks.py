"""Registers the mentoring domain in the Wagtail admin; the classes live beside this file."""

from django import forms
from django.contrib import admin
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.components import Component
from wagtail.admin.views.account import BaseSettingsPanel
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register

from workflows.case_admin import (
    IndividualPlanAdmin,
    MentorshipView,
    QuestionnaireAdmin,
    ReplacementRequestAdmin,
    ReportAdmin,
)
from workflows.choices import Role
from workflows.choosers import person_search
from workflows.document_admin import (
    DocumentModelAdmin,
    DocumentPermissionHelper,
    OrderPermissionHelper,
    OrderView,
    Scan,
    ScanServing,
    ServiceCreateView,
    ServiceEditView,
    StatusApplicationView,
)
from workflows.forms import (
    MentorshipAdminForm,
    NotificationPreferenceForm,
    OrderAdminForm,
    OrganisationAdminForm,
    PersonAdminForm,
    PublicationConsentAdminForm,
    StatusApplicationAdminForm,
)
from workflows.models import (
    CalendarOverride,
    Certificate,
    Mentorship,
    NotificationPreference,
    Order,
    Organisation,
    Person,
    PublicationConsent,
    StatusApplication,
)
from workflows.models.orders import kinds_with
from workflows.permissions import may_keep_consents
from workflows.predicates import (
    has_role,
    may_act_for,
    may_see_candidate,
    may_see_consent_scan,
    may_see_mentorship,
    visible_person_fields,
)
from workflows.scoping import (
    may_see_order,
    may_see_person,
    organisations_for,
    scope_to_candidates,
    scope_to_mentorships,
    scope_to_orders,
    scope_to_people,
)
from workflows.tasks import expired, my_tasks
from workflows.views import centre_dashboard, guide, may_see_dashboard
from workflows.wagtail_admin import (
    DeclaredFiltersModelAdmin,
    FoldedSearchHandler,
    InlineListPanel,
    OrganisationFilter,
    ScopedInspectView,
    ScopedModelAdmin,
    ScopedPermissionHelper,
    YearFilter,
)


class OrganisationAdmin(ScopedModelAdmin):
    model = Organisation
    create_view_class = ServiceCreateView
    edit_view_class = ServiceEditView
    menu_icon = "home"
    list_display = ("short_name", "kind", "active_label")
    list_filter = ("kind", "is_active")
    search_fields = ("search_name",)
    search_handler_class = FoldedSearchHandler
    inspect_view_enabled = True
    # The search key is the names folded, not something to read.
    inspect_view_fields_exclude = ("search_name",)
    edit_handler = ObjectList(
        [
            FieldPanel("full_name"),
            FieldPanel("short_name"),
            FieldPanel("kind"),
            FieldPanel("is_active"),
        ],
        base_form_class=OrganisationAdminForm,
    )

    @admin.display(description=_("active"), ordering="is_active")
    def active_label(self, obj) -> str:
        # Django would draw an icon from its own admin's static files, not installed here.
        return gettext("Yes") if obj.is_active else gettext("No")

    def scope_queryset(self, queryset, user):
        # The directory lists the closed organisations too, so that they can be reopened.
        return queryset.filter(pk__in=organisations_for(user, inactive=True))

    def in_scope(self, obj, user):
        return may_act_for(user, obj.pk)


class PersonInspectView(ScopedInspectView):
    """A mentor or a mentee reads of the other side of their case only its contact fields."""

    def get_fields_dict(self):
        names = visible_person_fields(
            self.request.user, self.instance, self.model_admin.get_inspect_view_fields()
        )
        return [self.get_dict_for_field(name) for name in names]


class PersonAdmin(ScopedModelAdmin):
    """The directory, narrowed by ``scope_to_people``: mentors and mentees see only themselves
    and the people of their own mentorships."""

    model = Person
    inspect_view_class = PersonInspectView
    create_view_class = ServiceCreateView
    edit_view_class = ServiceEditView
    menu_icon = "user"
    list_display = ("full_name", "organisation", "position")
    list_filter = ("organisation__kind",)
    list_select_related = ("organisation",)
    search_fields = ("search_name",)
    search_handler_class = FoldedSearchHandler
    inspect_view_enabled = True
    # The search key is the name folded; the account is a login, not something to read.
    inspect_view_fields_exclude = ("search_name", "user")
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("surname"), FieldPanel("name"), FieldPanel("patronymic")]),
            FieldPanel("organisation"),
            FieldPanel("position"),
            FieldPanel("email"),
            MultiFieldPanel(
                [
                    FieldPanel("teaching_experience_since"),
                    FieldPanel("management_experience_since"),
                    FieldPanel("methodological_experience_since"),
                    FieldPanel("in_management_reserve"),
                ],
                heading=_("Experience"),
            ),
        ],
        base_form_class=PersonAdminForm,
    )

    def scope_queryset(self, queryset, user):
        return scope_to_people(queryset, user)

    def in_scope(self, obj, user):
        return may_see_person(user, obj)


class CalendarOverrideAdmin(DeclaredFiltersModelAdmin):
    model = CalendarOverride
    menu_icon = "date"
    list_display = ("date", "is_working_day", "note")
    list_filter = ("is_working_day",)


class DirectoryGroup(ModelAdminGroup):
    menu_label = _("Directory")
    menu_icon = "folder-open-inverse"
    menu_order = 300
    items = (OrganisationAdmin, PersonAdmin, CalendarOverrideAdmin)


class MentorshipAdmin(DocumentModelAdmin):
    model = Mentorship
    menu_icon = "group"
    inspect_view_class = MentorshipView
    list_display = ("__str__", "kind", "organisation", "standing", "starts_on", "ends_on")
    list_filter = ("state", "kind", OrganisationFilter, YearFilter)
    list_select_related = ("mentor", "mentee", "organisation")
    search_fields = ("mentor__search_name", "mentee__search_name")
    search_handler_class = FoldedSearchHandler
    inspect_view_fields = (
        "organisation", "kind", "mentor", "mentee", "starts_on", "ends_on", "goal",
        "mentee_basis", "mentee_appointed_on", "mentor_consented_on", "mentee_consented_on",
        "started_on", "ended_on", "end_reason",
    )  # fmt: skip
    # The head opens the mentor's signed consent from the page before signing the order.
    scans = {
        "consent": Scan(
            field="mentor_consent_scan",
            label=_("Consent scan"),
            filename="soglasie-nastavnika",
            may_see=may_see_consent_scan,
        )
    }
    edit_handler = ObjectList(
        [
            FieldPanel("organisation"),
            FieldPanel("kind"),
            FieldRowPanel([FieldPanel("mentor"), FieldPanel("mentee")]),
            FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
            FieldPanel("goal"),
            FieldRowPanel([FieldPanel("mentee_basis"), FieldPanel("mentee_appointed_on")]),
            FieldPanel("mentee_seeks_growth"),
        ],
        base_form_class=MentorshipAdminForm,
    )

    def scope_queryset(self, queryset, user):
        return scope_to_mentorships(queryset, user)

    def in_scope(self, obj, user):
        return may_see_mentorship(user, obj)


def for_kinds(field: str) -> dict:
    """The attribute that marks a panel as filled in only by the kinds of order with ``field``."""
    return {"data-order-kinds": " ".join(kinds_with(field))}


class OrderAdmin(DocumentModelAdmin):
    model = Order
    menu_icon = "doc-full"
    permission_helper_class = OrderPermissionHelper
    inspect_view_class = OrderView
    scope_field = "issuer"
    list_display = ("heading", "issuer", "kind", "state", "signed_on")
    list_filter = ("state", "kind", OrganisationFilter, YearFilter)
    list_select_related = ("issuer",)
    search_fields = ("search_title",)
    search_handler_class = FoldedSearchHandler
    inspect_view_fields = (
        "issuer", "kind", "title", "body", "starts_on", "initiated_by", "notice_given_on",
        "notice_given_to", "effective_on", "mentorships", "route_mode", "registration", "signed_by",
    )  # fmt: skip
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("issuer"), FieldPanel("kind")]),
            FieldPanel("title"),
            FieldPanel("body"),
            # order-kind-fields.js shows each group only for the kinds that fill it in.
            FieldPanel("starts_on", attrs=for_kinds("starts_on")),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("initiated_by"), FieldPanel("notice_given_to")]),
                    FieldRowPanel([FieldPanel("notice_given_on"), FieldPanel("effective_on")]),
                ],
                heading=_("Early end of mentoring"),
                attrs=for_kinds("notice_given_on"),
            ),
            FieldPanel(
                "mentorships",
                widget=forms.CheckboxSelectMultiple,
                attrs=for_kinds("mentorships"),
            ),
            FieldPanel("route_mode"),
            InlineListPanel(
                "route",
                heading=_("Approval sheet"),
                label=_("Approver"),
                add_label=_("Add an approver"),
                panels=[FieldPanel("approver")],
            ),
        ],
        base_form_class=OrderAdminForm,
    )

    @admin.display(description=_("Order"), ordering="title")
    def heading(self, order):
        """A signed order by its number and, under it, what it is about, as a register of
        orders lists them; one without a number by its title (the kind has its column)."""
        if not order.number:
            return order.title
        return format_html(
            "{}<br><span class='order-title'>{}</span>", order.registration, order.title
        )

    def scope_queryset(self, queryset, user):
        return scope_to_orders(queryset, user)

    def in_scope(self, obj, user):
        return may_see_order(user, obj)


class MentoringGroup(ModelAdminGroup):
    menu_label = _("Mentoring")
    menu_icon = "group"
    menu_order = 200
    items = (
        MentorshipAdmin,
        OrderAdmin,
        IndividualPlanAdmin,
        ReportAdmin,
        QuestionnaireAdmin,
        ReplacementRequestAdmin,
    )


class CandidateScope:
    """Status documents are scoped through their person (see ``scope_to_candidates``)."""

    def scope_queryset(self, queryset, user):
        return scope_to_candidates(queryset, user)

    def in_scope(self, obj, user):
        return may_see_candidate(user, obj.person)


class StatusApplicationAdmin(CandidateScope, DocumentModelAdmin):
    model = StatusApplication
    menu_icon = "form"
    inspect_view_class = StatusApplicationView
    list_display = ("__str__", "kind", "nominated_by", "state", "submitted_on")
    list_filter = ("state", "kind", "nominated_by")
    list_select_related = ("person__organisation",)
    search_fields = ("person__search_name",)
    search_handler_class = FoldedSearchHandler
    inspect_view_fields = (
        "person", "kind", "nominated_by", "direction", "justification", "submitted_on",
        "enrolled_on", "training_certificate_number", "training_certificate_date",
        "training_provider", "ministry_order_number", "ministry_order_date", "certificate_number",
    )  # fmt: skip
    edit_handler = ObjectList(
        [
            FieldPanel("person"),
            FieldRowPanel([FieldPanel("kind"), FieldPanel("nominated_by")]),
            FieldPanel("direction"),
            FieldPanel("justification"),
        ],
        base_form_class=StatusApplicationAdminForm,
    )


class CertificatePermissionHelper(DocumentPermissionHelper):
    """Certificates come from a granted application or the import, never from a form."""

    def user_can_create(self, user):
        return False


class CertificateAdmin(CandidateScope, DocumentModelAdmin):
    model = Certificate
    menu_icon = "tick-inverse"
    permission_helper_class = CertificatePermissionHelper
    list_display = ("number", "person", "kind", "state_today", "issued_on", "valid_until")
    list_filter = ("state", "kind", "valid_until")
    list_select_related = ("person",)
    search_fields = ("person__search_name", "number")
    search_handler_class = FoldedSearchHandler
    inspect_view_fields = (
        "person", "kind", "number", "issued_on", "valid_until", "direction", "order",
        "application", "requalified_on",
    )  # fmt: skip

    def state_today(self, obj):
        """The state as the public check reads it: an active status past its date has lapsed."""
        return _("Lapsed") if expired(obj, timezone.localdate()) else obj.get_state_display()

    state_today.short_description = _("state")
    state_today.admin_order_field = "state"


class PublicationConsentPermissionHelper(ScopedPermissionHelper):
    """A withdrawn consent is a closed record: a new consent is a new record."""

    def user_can_edit_obj(self, user, obj):
        return obj.withdrawn_on is None and super().user_can_edit_obj(user, obj)

    def user_can_delete_obj(self, user, obj):
        return False


class PublicationConsentInspectView(ScopedInspectView):
    """The consent's page links its signed paper (the scan has no URL of its own)."""

    def get_field_display_value(self, field_name, field=None):
        if field_name != "scan":
            return super().get_field_display_value(field_name, field)
        links = self.model_admin.scans_for(self.instance, self.request.user)
        if not links:
            return self.model_admin.get_empty_value_display(field_name)
        return format_html('<a href="{}" data-scan>{}</a>', links[0]["url"], links[0]["label"])


class PublicationConsentAdmin(ScanServing, CandidateScope, ScopedModelAdmin):
    model = PublicationConsent
    menu_icon = "lock-open"
    permission_helper_class = PublicationConsentPermissionHelper
    inspect_view_class = PublicationConsentInspectView
    # The operator who files the signed paper (152-ФЗ art. 10.1) is the one who opens it.
    scans = {
        "scan": Scan(
            field="scan",
            label=_("Signed consent to dissemination"),
            filename="soglasie-na-rasprostranenie",
            may_see=lambda user, consent: may_keep_consents(consent, user),
        )
    }
    # Given, corrected and withdrawn through the services (see PublicationConsentAdminForm).
    create_view_class = ServiceCreateView
    edit_view_class = ServiceEditView
    list_display = ("person", "given_on", "withdrawn_on")
    list_filter = ("withdrawn_on",)
    list_select_related = ("person",)
    search_fields = ("person__search_name",)
    search_handler_class = FoldedSearchHandler
    inspect_view_enabled = True
    edit_handler = ObjectList(
        [
            FieldPanel("person"),
            FieldRowPanel([FieldPanel("given_on"), FieldPanel("scan")]),
            MultiFieldPanel(
                [
                    FieldPanel("show_organisation"),
                    FieldPanel("show_position"),
                    FieldPanel("show_direction"),
                    FieldPanel("show_number"),
                    FieldPanel("show_valid_until"),
                    FieldPanel("show_order"),
                ],
                heading=_("Published besides the name"),
            ),
            FieldPanel("conditions"),
            FieldPanel("withdrawn_on"),
        ],
        base_form_class=PublicationConsentAdminForm,
    )

    def get_admin_urls_for_registration(self):
        return (*super().get_admin_urls_for_registration(), *self.scan_urls())


class StatusesGroup(ModelAdminGroup):
    menu_label = _("Statuses and registry")
    menu_icon = "tick-inverse"
    menu_order = 250
    items = (StatusApplicationAdmin, CertificateAdmin, PublicationConsentAdmin)


modeladmin_register(MentoringGroup)
modeladmin_register(StatusesGroup)
modeladmin_register(DirectoryGroup)


class MyTasksPanel(Component):
    """The dashboard panel: what waits for the user, and what is overdue in their scope."""

    name = "my_tasks"
    order = 50
    template_name = "workflows/dashboard/my_tasks.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        return {"tasks": my_tasks(self.user, timezone.localdate())}


def edits_pages(user) -> bool:
    """Whether ``user`` works on the site's pages (the editors and the moderators)."""
    return user.is_superuser or has_role(user, Role.EDITOR, Role.MODERATOR)


@hooks.register("construct_homepage_panels")
def add_my_tasks(request, panels):
    # Wagtail's panels about pages (moderation, locks, recent edits) cost a query or two each
    # and are empty for the mentoring roles, who edit no page: their home is their tasks.
    if not edits_pages(request.user):
        panels[:] = []
    panels.insert(0, MyTasksPanel(request.user))


# After Wagtail's own hooks, which add the items: run before them, it emptied an empty list and
# every item still asked the database whether to show itself.
@hooks.register("construct_homepage_summary_items", order=100)
def keep_summary_for_editors(request, summary_items):
    # The counts of pages, images and documents say nothing to the mentoring roles.
    if not edits_pages(request.user):
        summary_items[:] = []


class NoticeSettingsPanel(BaseSettingsPanel):
    """The user's choice about non-essential e-mails, in their account settings."""

    name = "mentoring_notices"
    title = _("Mentoring e-mails")
    order = 350
    form_class = NotificationPreferenceForm

    def get_form(self):
        preference = NotificationPreference.objects.filter(user=self.user).first()
        kwargs = {
            "instance": preference or NotificationPreference(user=self.user),
            "prefix": self.name,
        }
        if self.request.method == "POST":
            return self.form_class(self.request.POST, **kwargs)
        return self.form_class(**kwargs)


@hooks.register("register_account_settings_panel")
def notice_settings(request, user, profile):
    return NoticeSettingsPanel(request, user, profile)


@hooks.register("register_admin_urls")
def dashboard_urls():
    return [
        path("centre/", centre_dashboard, name="workflows_centre_dashboard"),
        path("guide/", guide, name="workflows_guide"),
        path("people/<str:scope>/", person_search, name="workflows_person_search"),
    ]


class DashboardMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_dashboard(request.user)


@hooks.register("register_admin_menu_item")
def dashboard_menu_item():
    return DashboardMenuItem(
        _("Centre dashboard"),
        reverse("workflows_centre_dashboard"),
        icon_name="table",
        order=190,
    )


@hooks.register("insert_global_admin_css")
def portal_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("workflows/admin.css"))


@hooks.register("insert_global_admin_js")
def portal_admin_js():
    """The portal's scripts in every admin page: the person chooser, the order form's fields
    by kind, and names for Wagtail's date picker buttons, which a screen reader otherwise
    announces as nothing (the names travel as the script tag's data, so they go through the
    catalogue)."""
    return format_html_join(
        "",
        '<script src="{}" defer></script>',
        [(static("workflows/person-chooser.js"),), (static("workflows/order-kind-fields.js"),)],
    ) + format_html(
        '<script src="{}" data-prev="{}" data-next="{}" data-today="{}"></script>',
        static("workflows/date_picker.js"),
        _("Previous month"),
        _("Next month"),
        _("Go to today"),
    )


# -- the portal's own face: its guide instead of Wagtail's, page search for page editors ------

# Wagtail's help items that speak of Wagtail itself, in English, to people who are not web
# editors: the release notes and the editor guide.
WAGTAIL_HELP_ITEMS = ("whats-new-in-wagtail-", "editor-guide")


@hooks.register("register_help_menu_item")
def portal_guide_menu_item():
    return MenuItem(
        _("Portal guide"), reverse("workflows_guide"), icon_name="help", order=100, name="guide"
    )


@hooks.register("construct_help_menu")
def keep_portal_help(request, menu_items):
    menu_items[:] = [item for item in menu_items if not item.name.startswith(WAGTAIL_HELP_ITEMS)]
