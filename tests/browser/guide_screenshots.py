"""The guide's screenshots (`make guide-screenshots`): each role's walk, on the demo data.

Loads the demo into a temporary SQLite database on the demo's own day, serves it, walks each
role's main job in Debian's Chromium with the browser tests' own walks (``walks.py``), and
keeps the pictures the guide shows (``GUIDE``) in ``workflows/static/workflows/guide/``:
without the sidebar, cut to the top of the page, scaled down and reduced to a palette.
Nothing outside that folder is written; the database and the uploads go with the temporary
folder.

    .venv/bin/python -m tests.browser.guide_screenshots [--keep-all DIR]
"""

import argparse
import datetime
import os
import shutil
import sys
import tempfile
from pathlib import Path
from types import SimpleNamespace

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "workflows" / "static" / "workflows" / "guide"
# The walks' pictures the guide shows, by role: the file's name in the guide is
# ``<role>-<name>.png``.
GUIDE = {
    "curator": ("new-mentorship", "mentorship-consented", "order-on-approval"),
    "head": ("order-on-approval", "order-signed"),
    "mentor": ("mentors-consent", "plan-edit", "plan-submit"),
    "mentee": ("mentees-consent", "questionnaire-edit"),
    "centre": ("report-sent", "mentorship-completed"),
    "registrar": ("application-recommended", "training", "certificate"),
}
SIDEBAR = 200  # px at the walks' 1280 px window
TOP = 1000  # px of the page kept: the part a step is about
WIDTH = 760  # px of the published picture
COLOURS = 64


def publish(shot: Path, target: Path) -> None:
    """Crop, scale and quantise one screenshot into the guide's folder."""
    from PIL import Image

    with Image.open(shot) as image:
        cropped = image.convert("RGB").crop((SIDEBAR, 0, image.width, min(image.height, TOP)))
        height = round(cropped.height * WIDTH / cropped.width)
        scaled = cropped.resize((WIDTH, height), Image.LANCZOS)
        scaled.quantize(COLOURS, dither=Image.Dither.NONE).save(target, optimize=True)


def demo_cast():
    """The demo's people, in the walks' terms (their logins are in ``fixtures/demo``)."""
    from django.contrib.auth.models import User

    users = {user.username: user for user in User.objects.select_related("person")}
    return SimpleNamespace(
        curator=users["curator"],
        org_head=users["head"],
        mentor=users["mentor"],
        mentee=users["mentee"],
        center=users["center"],
        registrar=users["registrar"],
        school=users["curator"].person.organisation,
        # A mentor with room for one more mentee and a young teacher with no mentor now.
        free_mentor=users["mentor3"],
        free_mentee=users["mentee2"],
    )


def walk_the_demo(walker, cast, day: datetime.date, scan: Path) -> None:
    from tests.browser import walks
    from workflows.models import Mentorship

    walks.curator(
        walker,
        cast,
        mentor=cast.free_mentor,
        mentee=cast.free_mentee,
        consented_on=day - datetime.timedelta(days=1),
        starts_on=day + datetime.timedelta(days=12),
        scan=scan,
    )
    walks.head(walker, cast)
    walks.mentor(walker, cast, activities_from=day)
    walks.mentee(walker, cast)
    ended = Mentorship.objects.get(
        mentor__user__username="mentor2", mentee__user__username="mentee3"
    )
    walks.send_report_to_centre(ended, head=cast.org_head, curator=cast.curator)
    walks.centre(walker, cast)
    walks.registrar(
        walker,
        cast,
        candidate="Лаптева",
        enrolled_on=day - datetime.timedelta(days=16),
        certificate_number="42-Т-1040",
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep-all", type=Path, help="also copy every screenshot here")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="yurga-guide-"))
    os.environ.pop("DATABASE_URL", None)
    os.environ.update(
        SQLITE_FILE=str(work / "demo.sqlite3"),
        MEDIA_ROOT=str(work / "media"),
        PRIVATE_MEDIA_ROOT=str(work / "private-media"),
        # Playwright's sync API runs an event loop in this thread; the ORM calls are sync.
        DJANGO_ALLOW_ASYNC_UNSAFE="true",
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    import django

    django.setup()

    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.management import call_command
    from django.test.testcases import LiveServerThread
    from django.test.utils import override_settings

    import time_machine
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
    from tests.browser.walks import Walker
    from tests.conftest import DEMO_DAY
    from tests.factories import png_scan
    from workflows.demo import DEMO_PASSWORD
    from workflows.mail import SILENT_MAIL

    shots = work / "shots"
    shots.mkdir()
    scan = work / "soglasie.png"
    scan.write_bytes(png_scan().read())
    try:
        # The demo's dates are the demo day's; the clock ticks on from it.
        with time_machine.travel(DEMO_DAY, tick=True), override_settings(**SILENT_MAIL):
            call_command("migrate", verbosity=0)
            call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
            server = LiveServerThread("127.0.0.1", StaticFilesHandler, port=0)
            server.daemon = True
            server.start()
            server.is_ready.wait()
            if server.error:
                raise server.error
            try:
                with sync_playwright() as playwright:
                    browser = playwright.chromium.launch(
                        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
                    )
                    context = browser.new_context(
                        base_url=f"http://127.0.0.1:{server.port}", locale="ru-RU"
                    )
                    page = context.new_page()
                    page.set_default_timeout(15_000)
                    walker = Walker(page=page, shots=shots, password=DEMO_PASSWORD)
                    walk_the_demo(walker, demo_cast(), DEMO_DAY.date(), scan)
                    browser.close()
            finally:
                server.terminate()
        OUT.mkdir(parents=True, exist_ok=True)
        for old in OUT.glob("*.png"):
            old.unlink()
        for role, names in GUIDE.items():
            for name in names:
                publish(walker.taken[f"{role}-{name}"], OUT / f"{role}-{name}.png")
        if args.keep_all:
            args.keep_all.mkdir(parents=True, exist_ok=True)
            for path in walker.taken.values():
                shutil.copy(path, args.keep_all / path.name)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    total = sum(path.stat().st_size for path in OUT.glob("*.png"))
    print(f"{len(list(OUT.glob('*.png')))} pictures, {total // 1024} KB, in {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
