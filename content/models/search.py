"""The public search over published pages."""

import html

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page
from wagtail.search.query import SearchQuery
from wagtail.search.utils import parse_query_string

from content.models.base import BasePage, paginate
from content.models.home import HomePage
from content.stemming import TAG, WORD, stems
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
            context["snippets"] = {
                page.pk: snippet(page.specific, text) for page in context["results"]
            }
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
    # The stems of the words join them, matching the stems indexed with every page
    # (BasePage.search_stems): word forms then match on SQLite as on PostgreSQL.
    _filters, query = parse_query_string(text.replace(":", " "), operator="or", zero_terms=None)
    if query is None:
        return None
    _filters, stem_query = parse_query_string(" ".join(stems(text)), operator="or", zero_terms=None)
    return query if stem_query is None else query | stem_query


SNIPPET_RADIUS = 90


def snippet(page, text: str):
    """A passage of the page around the first word that shares a stem with the search, with
    every such word in it marked; the page's description when no word is found."""
    wanted = set(stems(text))
    content = " ".join(TAG.sub(" ", html.unescape(page.searchable_text())).split())
    spans = [match.span() for match in WORD.finditer(content) if set(stems(match.group())) & wanted]
    if not spans:
        return page.search_description
    start = max(0, spans[0][0] - SNIPPET_RADIUS)
    end = min(len(content), spans[0][1] + SNIPPET_RADIUS * 2)
    parts, cursor = ["…" if start else ""], start
    for first, last in spans:
        if last > end:
            break
        parts += [escape(content[cursor:first]), f"<mark>{escape(content[first:last])}</mark>"]
        cursor = last
    parts += [escape(content[cursor:end]), "…" if end < len(content) else ""]
    # Every piece of the page's text is escaped above.
    return mark_safe("".join(parts))
