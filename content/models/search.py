"""The public search over published pages."""

from django.utils.translation import gettext_lazy as _

from wagtail.models import Page
from wagtail.search.query import SearchQuery
from wagtail.search.utils import parse_query_string

from content.models.base import BasePage, paginate
from content.models.home import HomePage
from workflows.params import clean_text

SEARCH_MAX_LENGTH = 200


class SearchPage(BasePage):
    """The public search over published pages."""

    parent_page_types = ["content.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("search page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        text = clean_text(request.GET.get("q"), SEARCH_MAX_LENGTH)
        context["query"] = text
        query = search_query(text)
        if query is not None:
            results = Page.objects.live().public().not_type(SearchPage, HomePage).search(query)
            context["results"] = paginate(request, results)
        return context


def search_query(text: str) -> SearchQuery | None:
    """A visitor's search text (already :func:`clean_text`) as a query that Wagtail's database
    backend runs on SQLite and PostgreSQL alike; ``None`` when nothing is left to search.

    A raw string reaches SQLite's FTS5 with each word in double quotes, and a quote inside a
    word ends that string early: «"» alone is a syntax error (wagtail/wagtail#13227). Wagtail's
    own parser turns quoted parts into phrases and the rest into words, so no quote survives;
    colons are spaces first, as it would otherwise take «слово:значение» for a filter and drop
    it. Words match any of them, as a plain string did.
    """
    _filters, query = parse_query_string(text.replace(":", " "), operator="or", zero_terms=None)
    return query
