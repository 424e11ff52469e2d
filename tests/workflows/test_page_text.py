"""Every page a demo user can reach reads Russian: no English, no Python, no login names.

One test loads the demo once, signs in as each demo user in turn, opens every admin page
linked from that user's menu and every document page (view, edit, history) linked from those
lists, and collects what would make a Russian reader stumble.
"""

import json
import re
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

from django.contrib.auth import get_user_model
from django.core.management import call_command

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_day")]

DEMO_ROLES = [
    "editor", "moderator", "curator", "head", "mentor", "mentee", "center", "department",
    "registrar",
]  # fmt: skip

# Latin-script words a Russian page may show: abbreviations, formats, product names.
ALLOWED_LATIN = {"PDF", "DOCX", "XLSX", "CSV", "JSON", "API", "OpenAPI", "ID", "URL", "e-mail"}
# Pages that are not documents or lists: files, actions, Wagtail's own page editor.
SKIPPED = re.compile(
    r"/logout/|/delete/|/paper/|/scan/|/export|[?&]export=|\.(pdf|docx|xlsx|csv|png)$"
    r"|/admin/pages/|/admin/images/|/admin/documents/|/admin/snippets/|/admin/reports/"
    r"|/admin/workflows/(?!.*/(inspect|edit|history|create)/)[^?]*/transition/|/admin/account/"
)
# Where a document's own pages are reached from its list.
DOCUMENT_PAGES = re.compile(r"/admin/workflows/[a-z]+/(inspect|edit|history)/\d+/$")
WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
RAW = re.compile(r"\b(None|True|False)\b")
EMAIL = re.compile(r"\S+@\S+")
URL = re.compile(r"https?://\S+|www\.\S+")


class VisibleText(HTMLParser):
    """The words a reader sees on a page: text nodes, ``alt``, ``title``, ``placeholder`` and
    ``aria-label``; scripts, styles and hidden templates left out; links collected."""

    HIDDEN = {"script", "style", "template", "noscript"}
    SPOKEN = ("alt", "title", "placeholder", "aria-label", "value")

    def __init__(self):
        super().__init__()
        self.chunks: list[str] = []
        self.links: list[str] = []
        self.hidden = 0
        self.sidebar: str | None = None
        self._in_sidebar_props = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.HIDDEN:
            self.hidden += 1
            self._in_sidebar_props = attrs.get("id") == "wagtail-sidebar-props"
            return
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        for name in self.SPOKEN:
            is_button = tag == "input" and attrs.get("type") in ("submit", "button")
            if name == "value" and not is_button:
                continue
            if attrs.get(name):
                self.chunks.append(attrs[name])

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self.hidden:
            self.hidden -= 1
            self._in_sidebar_props = False

    def handle_data(self, data):
        if self._in_sidebar_props:
            self.sidebar = data
        elif not self.hidden and data.strip():
            self.chunks.append(data)


def sidebar_urls(props: str | None) -> list[str]:
    """The URLs of the menu items in Wagtail's sidebar (a JSON blob the sidebar renders)."""
    if not props:
        return []
    return [url for url in re.findall(r'"url":\s*"([^"]+)"', props)]


def offences(text: str, logins: set[str]) -> list[str]:
    """What on a page's visible text is not Russian for a Russian reader."""
    text = URL.sub(" ", EMAIL.sub(" ", text))
    found = [f"raw {match}" for match in RAW.findall(text)]
    found += [
        f"latin «{word}»"
        for word in WORD.findall(text)
        if word not in ALLOWED_LATIN and word not in RAW_WORDS
    ]
    found += [
        f"login «{login}»"
        for login in logins
        if re.search(rf"(?<![\w@./-]){re.escape(login)}(?![\w@.-])", text)
    ]
    return found


RAW_WORDS = {"None", "True", "False"}


def crawl(client, logins) -> dict[str, list[str]]:
    """Every offence on every page reachable from the user's menu, by URL."""
    problems: dict[str, list[str]] = {}
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    parser = VisibleText()
    parser.feed(dashboard.content.decode())
    queue = ["/admin/", *sidebar_urls(parser.sidebar)]
    seen: set[str] = set()
    while queue:
        url = urldefrag(queue.pop(0)).url
        path = urlsplit(url).path
        if url in seen or not path.startswith("/admin/") or SKIPPED.search(url):
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code >= 500:
            problems[url] = [f"server error {response.status_code}"]
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        page = VisibleText()
        page.feed(response.content.decode())
        found = offences(" ".join(page.chunks), logins)
        if found:
            problems[url] = sorted(set(found))
        is_menu_page = url in queue or path.count("/") <= 4
        for link in page.links:
            link = urldefrag(link).url
            if DOCUMENT_PAGES.search(urlsplit(link).path) or (
                is_menu_page and link.rstrip("/").count("/") <= 3
            ):
                queue.append(link)
    return problems


def test_every_page_of_every_demo_role_reads_russian(client):
    call_command("load_demo")
    users = get_user_model().objects.filter(username__in=DEMO_ROLES)
    logins = set(get_user_model().objects.values_list("username", flat=True))
    problems = {}
    login_page = VisibleText()
    login_page.feed(client.get("/admin/login/").content.decode())
    if found := offences(" ".join(login_page.chunks), logins):
        problems["anonymous /admin/login/"] = found
    for user in users:
        client.force_login(user)
        for url, found in crawl(client, logins).items():
            problems[f"{user.username} {url}"] = found
        client.logout()
    assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)
