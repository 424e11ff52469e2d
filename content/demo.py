"""Demo pages for `manage.py load_demo`: the regulation, materials, news and the search page.

A page that already exists is left as it is (an editor may have changed it since), so a
second run writes nothing.
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.base import ContentFile

from wagtail.documents.models import Document
from wagtail.models import Page, Site

from content.models import (
    MaterialDocument,
    MaterialIndexPage,
    MaterialPage,
    NewsIndexPage,
    NewsPage,
    RegistryPage,
    SearchPage,
    SiteDetails,
    StandardPage,
)
from content.moderation import ensure_publication_workflow
from content.regulation import import_regulation
from workflows.demo import read_fixture
from workflows.models import Organisation

SECTION_MODELS = {model.__name__: model for model in (MaterialIndexPage, NewsIndexPage, SearchPage)}


def ensure_page(
    parent: Page, page: Page, *, author: User, publisher: User | None
) -> tuple[Page, bool]:
    """Add ``page`` below ``parent`` unless a child with its slug exists.

    A new page gets a first revision by ``author``, published by ``publisher`` if one is
    given (an editor may not publish). Returns the child and whether it was created.
    """
    existing = parent.get_children().filter(slug=page.slug).first()
    if existing:
        return existing.specific, False
    page.live = False
    parent.add_child(instance=page)
    revision = page.save_revision(user=author, log_action=True)
    if publisher:
        revision.publish(user=publisher)
    return page, True


def ensure_document(row: dict) -> Document:
    """A demo document (a form to fill in), found by its title."""
    document = Document.objects.filter(title=row["title"]).first()
    if document is None:
        data = row["text"].encode()
        document = Document(title=row["title"], file_size=len(data))
        document.file.save(row["file"], ContentFile(data), save=False)
        document.save()
    return document


def configure_site(base_url: str) -> Site:
    """Give the default Site the host and port of ``base_url`` (WAGTAILADMIN_BASE_URL).

    The migrations create it as localhost:80; Wagtail builds absolute URLs from it wherever no
    request names the host (links in e-mails, the admin's links to the live site).
    """
    url = urlsplit(base_url)
    port = url.port or (443 if url.scheme == "https" else 80)
    site = Site.objects.get(is_default_site=True)
    if (site.hostname, site.port) != (url.hostname, port):
        site.hostname, site.port = url.hostname, port
        site.save(update_fields=["hostname", "port"])
    return site


def load(log) -> None:
    """The publication workflow, the regulation and the public pages of the demo site."""
    data = read_fixture("content.json")
    site = configure_site(settings.WAGTAILADMIN_BASE_URL)
    log(f"site: {site.root_url}")
    ensure_publication_workflow()
    editor = User.objects.get(username="editor")
    moderator = User.objects.get(username="moderator")

    home = Site.objects.get(is_default_site=True).root_page.specific
    if not home.body:
        home.body = data["home"]["body"]
        home.save_revision(user=moderator, log_action=True).publish(user=moderator)

    import_regulation(log=lambda message: log(f"regulation: {message}"))

    sections = {}
    for row in data["sections"]:
        model = SECTION_MODELS[row["model"]]
        fields = {key: value for key, value in row.items() if key != "model"}
        sections[row["slug"]], _created = ensure_page(
            home, model(**fields, show_in_menus=True), author=moderator, publisher=moderator
        )
    log(f"sections: {', '.join(sections)}")
    _registry_before_search(home)
    _site_details(site, home, moderator)

    documents = {row["title"]: ensure_document(row) for row in data["documents"]}
    organisations = {
        organisation.short_name: organisation for organisation in Organisation.objects.all()
    }
    pending = []
    for row in data["materials"]:
        material = MaterialPage(
            slug=row["slug"],
            title=row["title"],
            kind=row["kind"],
            lead=row["lead"],
            search_description=row["lead"],
            organisation=organisations[row["organisation"]],
            body=row["body"],
            documents=[MaterialDocument(document=documents[title]) for title in row["documents"]],
        )
        material.topics.add(*row["topics"])
        in_moderation = row.get("in_moderation", False)
        material, created = ensure_page(
            sections["materials"],
            material,
            author=editor,
            publisher=None if in_moderation else moderator,
        )
        if in_moderation and created:
            material.get_workflow().start(material, editor)
            pending.append(material.title)
    log(f"materials: {len(data['materials'])}, submitted for moderation: {pending or 'none new'}")

    for row in data["news"]:
        ensure_page(
            sections["news"],
            NewsPage(
                slug=row["slug"],
                title=row["title"],
                date=datetime.date.fromisoformat(row["date"]),
                lead=row["lead"],
                search_description=row["lead"],
                body=row["body"],
            ),
            author=editor,
            publisher=moderator,
        )
    log(f"news: {len(data['news'])}")


def _registry_before_search(home) -> None:
    """The registry page (created by a migration, so first) goes just before the search."""
    registry = RegistryPage.objects.child_of(home).first()
    search = SearchPage.objects.child_of(home).first()
    if registry and search and getattr(registry.get_next_sibling(), "pk", None) != search.pk:
        registry.move(search, pos="left")


POLICY_SLUG = "personal-data-policy"
POLICY_PARAGRAPHS = [
    "Настоящая политика определяет, как Управление образования Администрации города Юрги "
    "(далее — оператор) обрабатывает персональные данные на портале наставничества, и "
    "опубликована во исполнение части 2 статьи 18.1 Федерального закона от 27.07.2006 "
    "№ 152-ФЗ «О персональных данных».",
    "Оператор обрабатывает данные педагогических работников, участвующих в наставничестве: "
    "фамилию, имя, отчество, место работы, должность, сведения о стаже, статусе «Ментор» или "
    "«Тьютор» и о свидетельстве, — для организации наставничества по Положению о "
    "наставничестве и ведения реестра.",
    "В открытом реестре публикуются только данные лиц, давших отдельное согласие на "
    "распространение (статья 10.1 Закона), и только те сведения, которые они разрешили. "
    "Согласие может быть отозвано в любой момент: данные исчезают из реестра в тот же день.",
    "Проверка свидетельства по номеру сообщает только его состояние; имя владельца и срок "
    "действия показываются лишь тогда, когда владелец разрешил их публикацию.",
    "Посетитель сайта вправе получить сведения об обработке своих данных, потребовать их "
    "уточнения, блокирования или уничтожения, обратившись к оператору по контактам, указанным "
    "внизу каждой страницы.",
]


def _site_details(site, home, moderator) -> None:
    """The operator's personal-data policy page (152-ФЗ art. 18.1 part 2), out of the menu and
    editable like any page, linked from the footer through the site's details."""
    body = [{"type": "paragraph", "value": f"<p>{text}</p>"} for text in POLICY_PARAGRAPHS]
    policy, _created = ensure_page(
        home,
        StandardPage(
            title="Политика обработки персональных данных",
            slug=POLICY_SLUG,
            search_description="Как оператор портала наставничества Юрги обрабатывает "
            "персональные данные.",
            body=body,
        ),
        author=moderator,
        publisher=moderator,
    )
    details = SiteDetails.for_site(site)
    if details.policy_page_id is None:
        details.policy_page = policy
        details.save()
