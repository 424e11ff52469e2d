import datetime

from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

import pytest

from content.models import (
    HomePage,
    MaterialIndexPage,
    MaterialPage,
    NewsPage,
    RegulationPage,
    SearchPage,
    SocialMediaSettings,
    StandardPage,
)
from tests.factories import OrganisationFactory, material, publish
from workflows.choices import MentoringKind

pytestmark = pytest.mark.django_db


def test_the_tree_rules_keep_every_page_type_in_its_place(home, materials_index):
    assert MaterialPage.can_create_at(materials_index)
    assert not MaterialPage.can_create_at(home)
    assert not NewsPage.can_create_at(materials_index)
    assert StandardPage.can_create_at(home)
    assert not HomePage.can_create_at(home)
    # Singletons: one regulation, one materials index, one search page.
    assert not MaterialIndexPage.can_create_at(home)
    assert RegulationPage.can_create_at(home)
    publish(home, RegulationPage(title="Положение", slug="regulation"))
    assert not RegulationPage.can_create_at(home)
    publish(home, SearchPage(title="Поиск", slug="search"))
    assert not SearchPage.can_create_at(home)


def test_the_materials_index_filters_by_kind_and_topic(client, materials_index):
    school = OrganisationFactory(short_name="МБОУ «СОШ № 8»")
    material(materials_index, 1, title="План молодого педагога", organisation=school)
    material(
        materials_index, 2, title="Вопросы коуча", kind=MentoringKind.COACHING, topics=["цели"]
    )
    draft = MaterialPage(title="Черновик", slug="draft", kind=MentoringKind.COACHING, live=False)
    materials_index.add_child(instance=draft)

    html = client.get("/materials/").content.decode()
    assert "План молодого педагога" in html and "Вопросы коуча" in html
    assert "МБОУ «СОШ № 8»" in html and "Традиционное наставничество" in html
    assert "Черновик" not in html

    html = client.get("/materials/?kind=coaching").content.decode()
    assert "Вопросы коуча" in html and "План молодого педагога" not in html

    html = client.get("/materials/?topic=цели").content.decode()
    assert "Вопросы коуча" in html and "План молодого педагога" not in html


def test_the_materials_index_paginates_and_keeps_the_filter(client, materials_index):
    for n in range(12):
        material(materials_index, n)
    first = client.get("/materials/?kind=traditional").content.decode()
    assert first.count('class="meta"') == 10
    assert "Страница 1 из 2" in first
    assert 'href="?kind=traditional&amp;page=2"' in first
    second = client.get("/materials/?kind=traditional&page=2").content.decode()
    assert second.count('class="meta"') == 2


def test_a_material_shows_its_kind_topics_organisation_documents_and_date(client, materials_index):
    document = Document(title="Форма плана")
    document.file.save("plan.txt", ContentFile(b"plan"), save=False)
    document.save()
    school = OrganisationFactory(full_name="МБОУ «Лицей города Юрги» полностью")
    page = material(materials_index, 1, organisation=school, kind=MentoringKind.TUTORING)
    page.documents.create(document=document)
    page.save_revision().publish()

    html = client.get(page.url).content.decode()
    assert "Тьюторство" in html
    assert "МБОУ «Лицей города Юрги» полностью" in html
    assert "адаптация" in html and "молодой педагог" in html
    assert "Форма плана" in html and "(TXT" in html
    assert datetime.date.today().strftime("%d.%m.%Y") in html


def test_the_news_list_is_newest_first_with_russian_dates(client, news_index):
    for day, title in [(1, "Старая новость"), (20, "Свежая новость")]:
        publish(
            news_index, NewsPage(title=title, slug=f"n{day}", date=datetime.date(2026, 10, day))
        )
    html = client.get("/news/").content.decode()
    assert html.index("Свежая новость") < html.index("Старая новость")
    assert "20.10.2026" in html


def test_the_home_page_introduces_the_four_kinds_and_the_latest_pages(
    client, home, materials_index, news_index
):
    material(materials_index, 1, title="Новый материал")
    publish(news_index, NewsPage(title="Новая новость", slug="n"))
    html = client.get("/").content.decode()
    for label in MentoringKind.labels:
        assert str(label) in html
    assert 'href="/materials/?kind=tutoring"' in html
    assert "Новый материал" in html and "Новая новость" in html


def test_search_finds_published_pages_only(client, materials_index, search_page):
    material(materials_index, 1, title="Адаптация молодого педагога")
    draft = MaterialPage(title="Адаптация черновик", slug="draft", kind="coaching", live=False)
    materials_index.add_child(instance=draft)
    html = client.get("/search/", {"q": "адаптация"}).content.decode()
    assert "Адаптация молодого педагога" in html
    assert "Адаптация черновик" not in html
    assert "Найдена 1 страница" in html


def test_search_text_with_quotes_nul_and_colons_is_searched_not_refused(
    client, materials_index, search_page
):
    material(materials_index, 1, title="Адаптация молодого педагога")
    # A lone quote was an FTS5 syntax error on SQLite, NUL an error on both databases.
    for text in ['"адаптация', 'адаптация "молодого педагога"', "адаптация\x00", "адаптация:план"]:
        html = client.get("/search/", {"q": text}).content.decode()
        assert "Адаптация молодого педагога" in html, text
    nothing = client.get("/search/", {"q": '"'})
    assert nothing.status_code == 200
    assert "ничего не найдено" in nothing.content.decode()


@pytest.mark.parametrize(
    ("query", "found", "marked"),
    [
        ("наставничество", "Положение о программе", "наставничества"),
        ("наставника", "Памятка", "наставники"),
        ("коучинга", "Коучинг в школе", "коучинг"),
    ],
)
def test_search_finds_other_word_forms_on_every_database(
    client, materials_index, search_page, query, found, marked
):
    """Russian stems are indexed with every page and added to the query (content.stemming), so
    word forms match on SQLite as on PostgreSQL; the result shows the passage, word marked."""
    material(materials_index, 1, title="Памятка", lead="Что делают наставники в первый день")
    material(
        materials_index,
        2,
        title="Положение о программе",
        lead="Цели и задачи наставничества в школах города",
    )
    material(
        materials_index,
        3,
        title="Коучинг в школе",
        lead="Как провести коучинг-сессию",
        body=[{"type": "paragraph", "value": "<p>Коучинг помогает педагогу найти цель.</p>"}],
    )
    html = client.get("/search/", {"q": query}).content.decode()
    assert found in html
    assert f"<mark>{marked}" in html.lower()


def test_the_header_search_box_leads_to_the_search_page(client, materials_index, search_page):
    html = client.get("/materials/").content.decode()
    assert '<form class="header-search" method="get" action="/search/" role="search"' in html


def test_every_page_has_an_open_graph_image_with_the_site_default_as_fallback(
    client, home, materials_index
):
    html = client.get("/materials/").content.decode()
    assert (
        'property="og:image" content="http://testserver/static/content/img/og-default.png"' in html
    )

    image = Image.objects.create(title="Логотип", file=get_test_image_file())
    settings = SocialMediaSettings.for_site(home.get_site())
    settings.default_og_image = image
    settings.save()
    html = client.get("/materials/").content.decode()
    assert 'property="og:image" content="http://testserver/media/images/' in html
    assert "fill-1200x630" in html


def test_sitemap_lists_published_pages_and_robots_txt_points_to_it(client, materials_index):
    material(materials_index, 1)
    draft = MaterialPage(title="Черновик", slug="draft", kind="coaching", live=False)
    materials_index.add_child(instance=draft)
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/materials/material-1/" in sitemap and "/materials/draft/" not in sitemap
    robots = client.get("/robots.txt")
    assert robots["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in robots.content.decode()
    assert "Disallow: /admin/" in robots.content.decode()


def test_the_low_vision_switch_persists_in_a_cookie_and_returns_to_the_page(client, home):
    assert '<html lang="ru">' in client.get("/").content.decode()
    response = client.post("/low-vision/", {"low_vision": "on", "next": "/?a=1"})
    assert response.status_code == 302 and response["Location"] == "/?a=1"
    # The defaults: larger type, white on black, no images, normal spacing.
    assert client.cookies["low_vision"].value == "s2.cwb.i0.l0"
    html = client.get("/").content.decode()
    assert (
        '<html lang="ru" class="low-vision lv-size-2 lv-scheme-wb lv-images-0 lv-spacing-0">'
        in html
    )
    assert "Обычная версия" in html

    response = client.post("/low-vision/", {"low_vision": "off", "next": "https://evil.example/"})
    assert response["Location"] == "/"
    assert '<html lang="ru">' in client.get("/").content.decode()


def test_each_low_vision_setting_changes_alone_and_a_reset_restores_the_defaults(client, home):
    """GOST R 52872-2019, 7.1.1: size in three steps, at least three colour schemes, images on
    and off, letter spacing, and a way back; every choice is a button of one form."""
    client.post("/low-vision/", {"low_vision": "on"})
    for name, value, cookie in [
        ("size", "3", "s3.cwb.i0.l0"),
        ("scheme", "blue", "s3.cblue.i0.l0"),
        ("images", "1", "s3.cblue.i1.l0"),
        ("spacing", "2", "s3.cblue.i1.l2"),
        ("scheme", "magenta", "s3.cblue.i1.l2"),  # not a scheme: ignored
    ]:
        client.post("/low-vision/", {name: value, "next": "/"})
        assert client.cookies["low_vision"].value == cookie, name
    html = client.get("/").content.decode()
    assert "lv-size-3 lv-scheme-blue lv-images-1 lv-spacing-2" in html
    for label in ("Размер шрифта", "Цветовая схема", "Изображения", "Межбуквенный интервал"):
        assert f"<legend>{label}</legend>" in html
    assert (
        'name="scheme" value="blue" class="lv-choice lv-choice--scheme-blue" aria-pressed="true"'
        in html
    )
    for scheme in ("Чёрным по белому", "Белым по чёрному", "Тёмно-синим по голубому"):
        assert scheme in html
    client.post("/low-vision/", {"low_vision": "reset"})
    assert client.cookies["low_vision"].value == "s2.cwb.i0.l0"
    # The cookie of the earlier single preset still means the defaults.
    client.cookies["low_vision"] = "on"
    assert "lv-size-2 lv-scheme-wb" in client.get("/").content.decode()


def page_queries(client, url: str) -> int:
    client.get(url)  # warm the caches of the site root and content types
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_rendering_takes_the_same_few_queries_with_10_and_200_materials(
    client, regulation, materials_index, news_index, uncached
):
    for n in range(10):
        material(materials_index, n, body=[
            {"type": "paragraph", "value": "<p>Текст</p>"},
            {"type": "clause_reference", "value": {"clause": "2.4", "summary": ""}},
        ])  # fmt: skip
    urls = ["/", "/regulation/", "/materials/material-0/", "/materials/"]
    with_10 = {url: page_queries(client, url) for url in urls}

    # The other 190 skip revisions, which rendering never reads, to keep the test quick.
    for n in range(10, 200):
        page = MaterialPage(
            title=f"Материал {n}",
            slug=f"material-{n}",
            kind=MentoringKind.COACHING,
            live=True,
            first_published_at=timezone.now(),
        )
        page.topics.add("цели")
        materials_index.add_child(instance=page)
    with_200 = {url: page_queries(client, url) for url in urls}

    assert with_200 == with_10
    assert max(with_10.values()) <= 20, with_10


def test_a_standard_page_renders_every_block_of_the_shared_body(client, home, regulation):
    document = Document(title="Положение (текст)")
    document.file.save("polozhenie.txt", ContentFile(b"text"), save=False)
    document.save()
    publish(
        home,
        StandardPage(
            title="О портале",
            slug="about",
            body=[
                {"type": "heading", "value": {"text": "Для кого портал", "level": "h3"}},
                {"type": "paragraph", "value": "<p>Для педагогов и руководителей.</p>"},
                {"type": "quote", "value": {"text": "Делиться опытом", "attribution": "п. 2.1"}},
                {"type": "document", "value": {"document": document.pk, "title": ""}},
                {"type": "clause_reference", "value": {"clause": "6.1", "summary": ""}},
                {"type": "callout", "value": {"tone": "important", "text": "<p>5</p>"}},
            ],
        ),
    )  # fmt: skip
    html = client.get("/about/").content.decode()
    assert "<h3>Для кого портал</h3>" in html
    assert "<p>Для педагогов и руководителей.</p>" in html
    assert "<figcaption>п. 2.1</figcaption>" in html
    assert "Положение (текст)</a>" in html and "(TXT)" in html
    assert 'href="/regulation/#p-6-1"' in html
    assert 'class="callout callout--important"' in html
