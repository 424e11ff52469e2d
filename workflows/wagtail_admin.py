"""Building blocks of the wagtail-modeladmin document admin: organisation scope everywhere.

Kept apart from ``wagtail_hooks.py`` (which only registers) so that a later move to Wagtail's
``ModelViewSet`` touches one place.
"""

from functools import cache

from django.contrib import messages
from django.contrib.admin import FieldListFilter, SimpleListFilter
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import get_fields_from_path, lookup_spawns_duplicates, unquote
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.core.paginator import InvalidPage
from django.db import models
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.forms.auth import LoginForm
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.panels import InlinePanel
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.helpers.search import BaseSearchHandler
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import (
    CreateView,
    DeleteView,
    EditView,
    HistoryView,
    IndexView,
    InspectView,
)

from workflows import grammar
from workflows.grammar import Case
from workflows.models import Organisation
from workflows.params import positive_int
from workflows.predicates import may_act_for
from workflows.scoping import organisations_for, register_scope, scope_to_organisations
from workflows.text import folded_search


class FoldedSearchHandler(BaseSearchHandler):
    """Searches pre-folded columns (see :func:`workflows.text.folded_search`): ё = е, any case."""

    def search_queryset(self, queryset, search_term, **kwargs):
        return folded_search(queryset, search_term, self.search_fields)


class InlineListPanel(InlinePanel):
    """An inline list whose «add» button says what it adds in the case Russian needs
    («Добавить согласующего»): Wagtail writes «Add {label}» with the label as it stands, which
    also heads each line («Согласующий 1»), so it cannot be both."""

    def __init__(self, *args, add_label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_label = add_label

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "add_label": self.add_label}

    class BoundPanel(InlinePanel.BoundPanel):
        template_name = "workflows/panels/inline_list_panel.html"

        def get_context_data(self, parent_context=None):
            return {**super().get_context_data(parent_context), "add_label": self.panel.add_label}


class ScopedAdminForm(WagtailAdminModelForm):
    """Offers only the organisations the editing user acts for, in every organisation field."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is None:
            return
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and queryset.model is Organisation:
                field.queryset = organisations_for(for_user)


class ScopedPermissionHelper(PermissionHelper):
    """Model permissions, and on top of them the organisation scope of each object."""

    def in_scope(self, user, obj) -> bool:
        return self.model_admin.in_scope(obj, user)

    def user_has_specific_permission(self, user, perm_codename):
        # A list asks the same model-wide question for every row, several times (its buttons,
        # its link): the answers are kept on the user object, which lives for one request, as
        # Django keeps the user's permission set there (``_perm_cache``).
        answers = getattr(user, "_model_permissions", None)
        if answers is None:
            answers = user._model_permissions = {}
        name = f"{self.opts.app_label}.{perm_codename}"
        if name not in answers:
            answers[name] = super().user_has_specific_permission(user, perm_codename)
        return answers[name]

    def user_can_inspect_obj(self, user, obj):
        return super().user_can_inspect_obj(user, obj) and self.in_scope(user, obj)

    def user_can_edit_obj(self, user, obj):
        return super().user_can_edit_obj(user, obj) and self.in_scope(user, obj)

    def user_can_delete_obj(self, user, obj):
        return super().user_can_delete_obj(user, obj) and self.in_scope(user, obj)


class KnownIdOr404:
    """An id in the path that no row can have (letters, a number past the bigint range) is a
    404: modeladmin's URLs accept any word, and the ORM raises on it (a 500) instead."""

    def __init__(self, model_admin, instance_pk):
        if positive_int(unquote(instance_pk)) is None:
            raise Http404
        super().__init__(model_admin, instance_pk)


class KnownIdEditView(KnownIdOr404, EditView):
    pass


class KnownIdInspectView(KnownIdOr404, InspectView):
    pass


class KnownIdDeleteView(KnownIdOr404, DeleteView):
    pass


class KnownIdHistoryView(KnownIdOr404, HistoryView):
    pass


class OutOfScopeIs404(KnownIdOr404):
    """An object outside the user's scope does not exist for them: 404, not 403."""

    def ensure_in_scope(self, request) -> None:
        if not self.model_admin.in_scope(self.instance, request.user):
            raise Http404

    def dispatch(self, request, *args, **kwargs):
        self.ensure_in_scope(request)
        return super().dispatch(request, *args, **kwargs)


class ScopedEditView(OutOfScopeIs404, EditView):
    pass


class ScopedInspectView(OutOfScopeIs404, InspectView):
    pass


class ScopedDeleteView(OutOfScopeIs404, DeleteView):
    pass


class ScopedHistoryView(OutOfScopeIs404, HistoryView):
    """The object's admin log: modeladmin shows it to any admin user, but it tells who changed
    what, so it needs the right to see the object itself."""

    def dispatch(self, request, *args, **kwargs):
        helper = self.permission_helper
        if not (
            helper.user_can_inspect_obj(request.user, self.instance)
            or helper.user_can_edit_obj(request.user, self.instance)
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class DeclaredFiltersIndexView(IndexView):
    """A list narrowed only by what it declares; every other query parameter is dropped.

    wagtail-modeladmin hands each parameter that no declared filter takes to
    ``queryset.filter()``, so ``?user__password__startswith=…`` answered «1 row» or «0 rows»
    and any column reachable from the model could be read a character at a time (issue 11,
    item 1). Django's admin guards the same door with ``lookup_allowed``, but still lets a
    list filter by any of its own columns; here nothing passes but:

    - the parameters of the declared filters (``list_filter``): each filter names its own in
      ``expected_parameters()`` — ``parameter_name`` for a ``SimpleListFilter``, the
      ``<field>__exact``/``__isnull``/``__gte``… that Django generates for a field;
    - search ``q`` (over the declared ``search_fields`` only), ordering ``o`` (indexes into
      ``list_display`` of columns that sort by their own model field or
      ``admin_order_field``: no index reaches a column that is not shown; see
      :meth:`get_ordering`), its companion ``ot``, page ``p`` and ``export`` (of
      ``list_export``).

    An undeclared parameter is ignored rather than answered 400: the page is then the same
    whatever was added, so it tells nothing, and a bookmark or a link that carries a stale
    parameter still opens the list. It is also taken out of the links the page builds.
    """

    def dispatch(self, request, *args, **kwargs):
        # A NUL byte cannot reach PostgreSQL, and a declared filter refuses a value it cannot
        # read (a date that is not one): the whole list is shown again with a message, as
        # Django's admin does, instead of a server error.
        if not any("\x00" in value for _name, values in request.GET.lists() for value in values):
            try:
                return super().dispatch(request, *args, **kwargs)
            except IncorrectLookupParameters:
                pass
        messages.error(
            request, gettext("The list cannot be filtered by this value; here is the whole list.")
        )
        return redirect(self.index_url)

    def get_filters(self, request):
        """The declared filters built from the query, and no other lookups.

        Mirrors ``IndexView.get_filters`` but for its end: upstream returns what the filters
        left of the query as lookups to apply; here it is dropped.
        """
        lookup_params = self.get_filters_params()
        specs, use_distinct = [], False
        for item in self.list_filter or ():
            if callable(item):  # a filter class such as OrganisationFilter
                spec = item(request, lookup_params, self.model, self.model_admin)
            else:  # a field path, or a pair (field path, FieldListFilter class)
                field, filter_class = (
                    item if isinstance(item, (tuple, list)) else (item, FieldListFilter.create)
                )
                field_path = None
                if not isinstance(field, models.Field):
                    field_path = field
                    field = get_fields_from_path(self.model, field_path)[-1]
                spec = filter_class(
                    field, request, lookup_params, self.model, self.model_admin, field_path
                )
                use_distinct = use_distinct or lookup_spawns_duplicates(self.opts, spec.field_path)
            specs.append(spec)
        declared = {name for spec in specs for name in spec.expected_parameters()}
        for name in set(lookup_params) - declared:
            self.params.pop(name, None)  # nor is it carried on in the links the page builds
        shown = [spec for spec in specs if spec.has_output()]
        return shown, bool(shown), {}, use_distinct

    def get_ordering(self, request, queryset):
        # Keep of ``o`` only the columns that sort; with none, the list keeps its own order
        # (upstream would drop it for the primary key), so no ``o`` changes the page unless
        # it names a sortable column of the list.
        if self.ORDER_VAR in self.params:
            sortable = [
                f"{minus}{index}"
                for _, minus, index in (
                    part.rpartition("-") for part in self.params[self.ORDER_VAR].split(".")
                )
                if index.isascii()
                and index.isdigit()
                and int(index) < len(self.list_display)
                and self.get_ordering_field(self.list_display[int(index)])
            ]
            if sortable:
                self.params[self.ORDER_VAR] = ".".join(sortable)
            else:
                del self.params[self.ORDER_VAR]
        return super().get_ordering(request, queryset)

    def get_query_string(self, new_params=None, remove=None):
        # Called for every choice of every filter (418 organisations for the centre): upstream
        # deep-copies the query for each. Its links carry one value per parameter, the last, so
        # a plain dict of those gives the same string.
        params = dict(self.params.items())
        for prefix in remove or ():
            for name in [name for name in params if name.startswith(prefix)]:
                del params[name]
        for name, value in (new_params or {}).items():
            if value is None:
                params.pop(name, None)
            else:
                params[name] = value
        return f"?{urlencode(sorted(params.items()))}"

    def narrowed(self) -> bool:
        """Whether a filter or a search narrows the list (else it holds every row in scope)."""
        return bool(self.query) or any(spec.used_parameters for spec in self.filter_specs)

    def get_context_data(self, **kwargs):
        # Upstream builds the list's queryset a second time (every filter's choices again) and
        # counts the table three times: the rows in scope, the rows listed, and the paginator's
        # own count. Here the queryset built in ``dispatch`` is reused and counted once; the
        # rows in scope are counted apart only when a filter or a search narrows the list.
        if self.is_pagemodel:  # upstream also offers the parent pages
            return super().get_context_data(**kwargs)
        result_count = self.queryset.count()
        all_count = self.get_base_queryset().count() if self.narrowed() else result_count
        paginator = self.paginator_class(self.queryset, self.items_per_page, count=result_count)
        try:
            page_obj = paginator.page(self.page_num)
        except InvalidPage:
            page_obj = paginator.page(1)
        context = {
            "all_count": all_count,
            "result_count": result_count,
            "paginator": paginator,
            "page_obj": page_obj,
            "elided_page_range": paginator.get_elided_page_range(self.page_num),
            "object_list": page_obj.object_list,
            "user_can_create": self.permission_helper.user_can_create(self.request.user),
            "show_search": self.search_handler.show_search_form,
            **kwargs,
        }
        # Past IndexView's own, which would count again.
        return super(IndexView, self).get_context_data(**context)


class CountingPaginator(WagtailPaginator):
    """«8 заявок на статус», not «8 заявки на статус»: the count agrees with its noun.

    Given ``count``, it does not count the rows again (the list has just counted them).
    """

    def __init__(self, object_list, per_page, *args, count: int | None = None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        if count is not None:
            self.count = count  # stands in for the cached property

    @property
    def items_count_label(self):
        return grammar.count(self.count, str(self.verbose_name))


# «Приказ «…» создан», «Заявка «…» создана», «Ходатайство «…» создано»: the participle agrees
# with the document's gender, one message per gender.
_CREATED = {
    "masc": lambda: pgettext("masculine", "%(model)s «%(object)s» created."),
    "femn": lambda: pgettext("feminine", "%(model)s «%(object)s» created."),
    "neut": lambda: pgettext("neuter", "%(model)s «%(object)s» created."),
}
_SAVED = {
    "masc": lambda: pgettext("masculine", "%(model)s «%(object)s» saved."),
    "femn": lambda: pgettext("feminine", "%(model)s «%(object)s» saved."),
    "neut": lambda: pgettext("neuter", "%(model)s «%(object)s» saved."),
}


class RussianTitles:
    """The titles, counters and messages of a modeladmin view in grammatical Russian.

    wagtail-modeladmin glues the model's verbose name into its phrases as it stands
    («Просмотр приказ», «Добавить заявка на статус», «Новый Закрепление наставника»); here each
    phrase puts the name in the case it needs (:mod:`workflows.grammar`). Mixed into every view
    of :class:`DeclaredFiltersModelAdmin`, so every list and document says it the same way.
    """

    paginator_class = CountingPaginator

    def _name(self, case: Case = Case.NOMINATIVE) -> str:
        return grammar.phrase(self.verbose_name, case)

    def get_page_title(self):
        if isinstance(self, CreateView):
            return capfirst(grammar.agree(pgettext("new document", "new"), self.verbose_name))
        titles = {
            EditView: lambda: pgettext("admin page title", "Editing %(object)s"),
            InspectView: lambda: pgettext("admin page title", "Viewing %(object)s"),
            HistoryView: lambda: pgettext("admin page title", "History of %(object)s"),
            DeleteView: lambda: pgettext("admin page title", "Deleting %(object)s"),
        }
        for view_class, title in titles.items():
            if isinstance(self, view_class):
                return title() % {"object": self._name(Case.GENITIVE)}
        return super().get_page_title()

    def get_page_subtitle(self):
        if isinstance(self, CreateView):
            return ""  # the title already names the document: «Новая заявка на статус»
        return getattr(super(), "get_page_subtitle", lambda: self.page_subtitle)()

    def get_meta_title(self):
        return self.get_page_title()

    def get_field_display_value(self, field_name, field=None):
        # InspectView shows a yes/no field as Python's True/False, an empty choice as None
        # and a user account as its login; a reader expects «Да», «—» and a person.
        value = super().get_field_display_value(field_name, field)
        if isinstance(value, bool):
            return gettext("Yes") if value else gettext("No")
        if value is None:
            return self.model_admin.get_empty_value_display(field_name)
        if isinstance(value, AbstractBaseUser):
            return grammar.user_name(value)
        return value

    def get_success_message(self, instance):
        gender = grammar.noun_gender(self.verbose_name)
        message = (_CREATED if isinstance(self, CreateView) else _SAVED)[gender]()
        return message % {"model": capfirst(self.verbose_name), "object": instance}


class RussianButtons:
    """The «Add …» button with the document in the accusative: «Добавить заявку на статус»."""

    def add_button(self, classnames_add=None, classnames_exclude=None):
        button = super().add_button(classnames_add, classnames_exclude)
        label = pgettext("admin button", "Add %(object)s") % {
            "object": grammar.phrase(self.verbose_name, Case.ACCUSATIVE)
        }
        button["label"] = button["title"] = label
        return button

    def _titled(self, button: dict, title) -> dict:
        # Upstream glues the nominative into «Просмотр %s»; a helper that wrote its own title
        # keeps it.
        if self.verbose_name in str(button.get("title", "")):
            button["title"] = title % {"object": grammar.phrase(self.verbose_name, Case.GENITIVE)}
        return button

    def inspect_button(self, *args, **kwargs):
        return self._titled(
            super().inspect_button(*args, **kwargs),
            pgettext("admin page title", "Viewing %(object)s"),
        )

    def edit_button(self, *args, **kwargs):
        return self._titled(
            super().edit_button(*args, **kwargs),
            pgettext("admin page title", "Editing %(object)s"),
        )

    def delete_button(self, *args, **kwargs):
        return self._titled(
            super().delete_button(*args, **kwargs),
            pgettext("admin page title", "Deleting %(object)s"),
        )


# Cached: the button helper's class is asked for on every request, and a class built anew each
# time costs its creation and starts with cold attribute caches.
@cache
def _with(mixin: type, view_class: type) -> type:
    """``view_class`` with ``mixin`` in front, once."""
    if issubclass(view_class, mixin):
        return view_class
    return type(view_class.__name__, (mixin, view_class), {"__module__": view_class.__module__})


class DeclaredFiltersModelAdmin(ModelAdmin):
    """The base of every modeladmin of the project: its list filters only as it declares.

    Scoped or not (the production calendar is the same for everyone), no list may be asked
    about a column it does not show; see :class:`DeclaredFiltersIndexView`. Its views and
    buttons speak grammatical Russian (:class:`RussianTitles`), its menu label is in sentence
    case («Отчёты о результатах наставничества», not Title Case).
    """

    index_view_class = DeclaredFiltersIndexView
    edit_view_class = KnownIdEditView
    inspect_view_class = KnownIdInspectView
    delete_view_class = KnownIdDeleteView
    history_view_class = KnownIdHistoryView

    def __init__(self, parent=None):
        for name in ("index", "create", "edit", "inspect", "delete", "history"):
            attribute = f"{name}_view_class"
            setattr(self, attribute, _with(RussianTitles, getattr(self, attribute)))
        super().__init__(parent)

    def get_button_helper_class(self):
        return _with(RussianButtons, super().get_button_helper_class())

    def get_menu_label(self):
        return self.menu_label or capfirst(self.opts.verbose_name_plural)


class ScopedModelAdmin(DeclaredFiltersModelAdmin):
    """A modeladmin whose every list and object is narrowed to the user's organisations."""

    scope_field = "organisation"
    permission_helper_class = ScopedPermissionHelper
    edit_view_class = ScopedEditView
    inspect_view_class = ScopedInspectView
    delete_view_class = ScopedDeleteView
    history_view_class = ScopedHistoryView

    def __init__(self, parent=None):
        super().__init__(parent)
        self.permission_helper.model_admin = self
        # The same rule narrows everything that shows these objects outside this admin.
        register_scope(self.model, self.scope_queryset)

    def scope_queryset(self, queryset: QuerySet, user) -> QuerySet:
        """The rows of ``queryset`` that ``user`` may see."""
        return scope_to_organisations(queryset, user, self.scope_field)

    def in_scope(self, obj, user) -> bool:
        """Whether ``user`` may see ``obj``: the same rule as :meth:`scope_queryset`, no query."""
        return may_act_for(user, getattr(obj, f"{self.scope_field}_id"))

    def get_queryset(self, request):
        return self.scope_queryset(super().get_queryset(request), request.user)


class OfferedChoicesFilter(SimpleListFilter):
    """A list filter whose values are only those it offers.

    Another value selects no rows, as Django's own choice filters answer an unknown choice,
    and never reaches :meth:`narrow`: so ``²`` (a digit to ``isdigit()``, not to ``int()``),
    a number beyond the database's integers or an organisation the user does not act for
    cannot make a server error.
    """

    def narrow(self, queryset: QuerySet, value: str) -> QuerySet:
        """The rows of ``queryset`` that the offered ``value`` selects."""
        raise NotImplementedError

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        if value not in {str(key) for key, _label in self.lookup_choices}:
            return queryset.none()
        return self.narrow(queryset, value)


class OrganisationFilter(OfferedChoicesFilter):
    """Filter by organisation, offering only the organisations the user acts for."""

    title = _("organisation")
    parameter_name = "organisation"

    def __init__(self, request, params, model, model_admin):
        self.scope_field = model_admin.scope_field
        super().__init__(request, params, model, model_admin)

    def lookups(self, request, model_admin):
        # Pairs, not instances: the centre is offered every organisation of the region.
        return [
            (str(pk), name)
            for pk, name in organisations_for(request.user).values_list("pk", "short_name")
        ]

    def narrow(self, queryset, value):
        return queryset.filter(**{f"{self.scope_field}_id": int(value)})


class YearFilter(OfferedChoicesFilter):
    """Filter by the calendar year a document was drafted in."""

    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        # The first and the last document are two index probes, where the distinct years of
        # every row were a sort of the region's whole table; documents are drafted every year,
        # so the years between them are the years there are.
        bounds = model_admin.get_queryset(request).aggregate(
            first=models.Min("created_at"), last=models.Max("created_at")
        )
        if bounds["first"] is None:
            return []
        first, last = (timezone.localtime(bounds[end]).year for end in ("first", "last"))
        return [(str(year), str(year)) for year in range(last, first - 1, -1)]

    def narrow(self, queryset, value):
        return queryset.filter(created_at__year=int(value))


class PortalLoginForm(LoginForm):
    """Wagtail's sign-in form with its password field labelled: upstream redeclares the field
    without a label, so the page said «Password» in English."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = gettext("Password")
