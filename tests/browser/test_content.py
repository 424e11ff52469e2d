import pytest

from content.models import MaterialPage
from tests.factories import material
from workflows.choices import Role

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PUBLIC_PAGES = ["/", "/regulation/", "/materials/", "/materials/pamyatka/", "/search/?q=план"]


@pytest.fixture
def site(regulation, materials_index, news_index, search_page, publication_workflow):
    """The public site: the regulation, a material citing it, news and search."""
    return material(
        materials_index,
        slug="pamyatka",
        title="Памятка наставнику",
        body=[
            {"type": "heading", "value": {"text": "Первая неделя", "level": "h2"}},
            {"type": "paragraph", "value": "<p>Познакомьте наставляемого с коллегами.</p>"},
            {"type": "clause_reference", "value": {"clause": "4.1", "summary": "план"}},
            {"type": "quote", "value": {"text": "Делиться опытом.", "attribution": "п. 2.1"}},
            {"type": "callout", "value": {"tone": "info", "title": "", "text": "<p>5 дней</p>"}},
        ],
    )  # fmt: skip


def open_more_actions(page):
    """Open the drop-down of the page editor's footer, where submit and approve live."""
    page.locator("footer .w-dropdown__toggle").first.click()


def test_editor_submits_a_material_moderator_approves_and_the_public_finds_it(
    page, login, make_user, site
):
    editor, moderator = make_user(Role.EDITOR), make_user(Role.MODERATOR)
    index = site.get_parent()

    login(editor)
    page.goto(f"/admin/pages/add/content/materialpage/{index.pk}/")
    page.fill("#id_title", "Карта адаптации молодого педагога")
    page.select_option("#id_kind", "traditional")
    page.fill("#id_lead", "Что проверить в первый месяц работы.")
    open_more_actions(page)
    with page.expect_navigation():
        page.click("button[name=action-submit]")
    created = MaterialPage.objects.get(title="Карта адаптации молодого педагога")
    assert not created.live
    assert created.current_workflow_state.status == "in_progress"

    page.goto("/materials/")
    assert page.get_by_text("Карта адаптации молодого педагога").count() == 0

    page.context.clear_cookies()
    login(moderator)
    page.goto(f"/admin/pages/{created.pk}/edit/")
    open_more_actions(page)
    with page.expect_navigation():
        page.click(
            "button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])"
        )
    created.refresh_from_db()
    assert created.live

    page.context.clear_cookies()
    page.goto("/materials/")
    with page.expect_navigation():
        page.get_by_role("link", name="Карта адаптации молодого педагога").click()
    assert page.locator("h1").inner_text() == "Карта адаптации молодого педагога"
    page.goto("/search/")
    page.fill("#search-query", "адаптации")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("link", name="Карта адаптации молодого педагога").count() == 1


def test_editor_has_no_publish_action(page, login, make_user, site):
    login(make_user(Role.EDITOR))
    page.goto(f"/admin/pages/{site.pk}/edit/")
    open_more_actions(page)
    assert page.locator("button[name=action-submit]").count() == 1
    assert page.locator("button[name=action-publish]").count() == 0
    assert page.get_by_role("button", name="Опубликовать").count() == 0


def test_the_low_vision_switch_works_from_the_keyboard_and_persists(page, site):
    page.goto("/")
    page.get_by_role("button", name="Версия для слабовидящих").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("html.low-vision").count() == 1
    page.goto("/materials/pamyatka/")
    assert page.locator("html.low-vision").count() == 1
    font_size = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert font_size >= 24
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"
    assert (
        page.evaluate(
            """() => {
            const img = document.createElement('img');
            document.querySelector('main').append(img);
            return getComputedStyle(img).display;
        }"""
        )
        == "none"
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Обычная версия").click()
    assert page.locator("html.low-vision").count() == 0


@pytest.mark.parametrize("low_vision", [False, True], ids=["standard", "low-vision"])
def test_a_320_pixel_viewport_needs_no_horizontal_scrolling(page, live_server, site, low_vision):
    if low_vision:
        page.context.add_cookies([{"name": "low_vision", "value": "on", "url": live_server.url}])
    page.set_viewport_size({"width": 320, "height": 800})
    for url in PUBLIC_PAGES:
        page.goto(url)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, (url, overflow)


def test_axe_finds_no_serious_or_critical_violation(page, axe, site):
    for url in PUBLIC_PAGES:
        page.goto(url)
        assert axe() == [], url
