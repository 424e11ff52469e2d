"""The portal's guide shows each role's steps with screenshots that exist and say what they show."""

from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders

import pytest

pytestmark = pytest.mark.django_db

GUIDE_PICTURES = Path(settings.BASE_DIR) / "workflows" / "static" / "workflows" / "guide"
# The roles whose main job the browser walks take, and so the guide illustrates.
ILLUSTRATED = {"curator", "org_head", "mentor", "mentee", "center", "registrar"}


class Figures(HTMLParser):
    """The guide's sections and, in each, its figures: (src, alt, caption)."""

    def __init__(self):
        super().__init__()
        self.sections: dict[str, list[dict]] = {}
        self.section = None
        self.figure = None
        self.in_caption = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section" and "data-guide" in attrs:
            self.section = self.sections.setdefault(attrs["data-guide"], [])
        elif tag == "figure" and self.section is not None:
            self.figure = {"src": None, "alt": None, "caption": ""}
            self.section.append(self.figure)
        elif tag == "img" and self.figure is not None:
            self.figure.update(src=attrs.get("src"), alt=attrs.get("alt"))
        elif tag == "figcaption":
            self.in_caption = True

    def handle_endtag(self, tag):
        if tag == "figcaption":
            self.in_caption = False
        elif tag == "figure":
            self.figure = None
        elif tag == "section":
            self.section = None

    def handle_data(self, data):
        if self.in_caption and self.figure is not None:
            self.figure["caption"] += data


@pytest.fixture
def guide(client, admin_user):
    client.force_login(admin_user)  # a superuser reads every role's section
    parser = Figures()
    parser.feed(client.get("/admin/guide/").content.decode())
    return parser.sections


def test_every_walked_role_has_its_screenshots_with_alt_text_and_a_caption(guide):
    assert set(guide) >= ILLUSTRATED
    for role in ILLUSTRATED:
        assert guide[role], role
        for figure in guide[role]:
            assert figure["alt"] and len(figure["alt"]) > 20, figure
            assert figure["caption"].strip(), figure


def test_the_guide_shows_only_pictures_that_exist_and_every_picture_it_has(guide):
    shown = set()
    for figure in (figure for figures in guide.values() for figure in figures):
        assert figure["src"].startswith(settings.STATIC_URL), figure
        relative = figure["src"].removeprefix(settings.STATIC_URL)
        assert finders.find(relative), f"{relative} is missing: `make guide-screenshots`"
        shown.add(Path(relative).name)
    assert shown == {path.name for path in GUIDE_PICTURES.glob("*.png")}


def test_the_pictures_stay_small():
    sizes = [path.stat().st_size for path in GUIDE_PICTURES.glob("*.png")]
    assert sizes and sum(sizes) < 1_500_000
