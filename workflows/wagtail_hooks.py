"""Registers the mentoring domain in the Wagtail admin; the classes live in wagtail_admin.py."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register

from workflows.models import Organisation, Person
from workflows.scoping import organisations_for
from workflows.wagtail_admin import FoldedSearchHandler, ScopedAdminForm, ScopedModelAdmin


class OrganisationAdmin(ScopedModelAdmin):
    model = Organisation
    menu_icon = "home"
    list_display = ("short_name", "kind", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("short_name", "full_name")
    inspect_view_enabled = True
    edit_handler = ObjectList(
        [
            FieldPanel("full_name"),
            FieldPanel("short_name"),
            FieldPanel("kind"),
            FieldPanel("is_active"),
        ],
        base_form_class=ScopedAdminForm,
    )

    def scope_queryset(self, queryset, user):
        return queryset.filter(pk__in=organisations_for(user))


class PersonAdmin(ScopedModelAdmin):
    model = Person
    menu_icon = "user"
    list_display = ("full_name", "organisation", "position")
    list_filter = ("organisation__kind",)
    list_select_related = ("organisation",)
    search_fields = ("search_name",)
    search_handler_class = FoldedSearchHandler
    inspect_view_enabled = True
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
                ],
                heading=_("Experience"),
            ),
        ],
        base_form_class=ScopedAdminForm,
    )


class DirectoryGroup(ModelAdminGroup):
    menu_label = _("Directory")
    menu_icon = "folder-open-inverse"
    menu_order = 300
    items = (OrganisationAdmin, PersonAdmin)


modeladmin_register(DirectoryGroup)
