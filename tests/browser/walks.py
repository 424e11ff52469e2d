"""Each role's main job in the admin, walked from «Мои задачи» as a person would.

A walk signs in, starts on the dashboard and reaches every document by clicking what a person
clicks there: a task, the menu, a button on the page. At each page it passes it takes a
screenshot and, when asked, runs axe-core. The browser tests (``test_role_walks.py``) walk
them on the tests' own cast; ``guide_screenshots.py`` walks them on the demo for the guide.
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

from playwright.sync_api import Page, expect

from tests.browser.conftest import choose_person
from tests.workflows.conftest import fill_questionnaire, fill_report
from workflows.choices import (
    MentorshipState,
    OrderState,
    PlanState,
    QuestionnaireState,
    ReportState,
    StatusApplicationState,
)
from workflows.models import Questionnaire
from workflows.services import perform_transition

DONE = re.compile(r"^\s*Выполнено")


def day(date: datetime.date) -> str:
    """A date as the admin's date fields take it."""
    return f"{date:%d.%m.%Y}"


@dataclass
class Walker:
    """One browser page walking the admin, with a camera and an accessibility check."""

    page: Page
    shots: Path
    password: str
    # axe-core's serious and critical violations on the page now open (the ``axe`` fixture).
    check: Callable[[], list[dict]] | None = None
    role: str = ""
    # Every picture taken, by «role-name» (the last one where a name repeats).
    taken: dict[str, Path] = field(default_factory=dict)
    count: int = 0

    def sign_in(self, user, role: str) -> None:
        """Sign in as ``user`` and land on «Мои задачи»; the shots that follow are ``role``'s."""
        self.role = role
        self.page.context.clear_cookies()
        self.page.goto("/admin/login/")
        self.page.fill("input[name=username]", user.username)
        self.page.fill("input[name=password]", self.password)
        self.page.click("button[type=submit]")
        self.page.wait_for_url("**/admin/")
        self.shot("dashboard")

    def shot(self, name: str) -> Path:
        """Check the page now open with axe-core, then photograph all of it.

        The check sees the page as it is (a date picker open after typing a date); the
        picture is taken after a click elsewhere has closed the picker. The
        admin scrolls inside its layout, not the document, so the window is made as tall as
        the content for the picture.
        """
        page = self.page
        page.wait_for_load_state("networkidle")
        self.count += 1
        path = self.shots / f"{self.role}-{self.count:02d}-{name}.png"
        if self.check is not None:
            violations = self.check()
            assert violations == [], f"{path.name} ({page.url}): {violations}"
        # Typed faster than a person, a date opens its picker after the focus has moved on; a
        # press of the mouse elsewhere closes it, as it closes it for a person.
        page.evaluate("() => document.body.dispatchEvent(new MouseEvent('mousedown'))")
        viewport = page.viewport_size
        height = page.evaluate(
            "() => Math.max(...[document.body, document.querySelector('main'), "
            "document.querySelector('.content-wrapper')]"
            ".filter(Boolean).map(e => e.scrollHeight))"
        )
        page.set_viewport_size({"width": viewport["width"], "height": max(height, 600)})
        page.screenshot(path=path)
        page.set_viewport_size(viewport)
        self.taken[f"{self.role}-{name}"] = path
        return path

    def home(self) -> None:
        """Back to «Мои задачи» through the sidebar's emblem."""
        self.page.locator("a.sidebar-wagtail-branding").click()
        self.page.wait_for_url("**/admin/")

    def open_task(self, action: str, document: str = "") -> None:
        """Open the document of the task in «Мои задачи» that asks for ``action``."""
        row = self.page.locator("[data-panel=my-tasks] tr[data-task]", has_text=action)
        if document:
            row = row.filter(has_text=document)
        row.first.get_by_role("link").click()
        self.page.wait_for_load_state()

    def menu(self, group: str, item: str) -> None:
        """Open ``item`` of the sidebar's ``group``."""
        self.page.get_by_role("button", name=group).click()
        self.page.get_by_role("link", name=item, exact=True).click()
        self.page.wait_for_load_state()

    def act(self, label: str, name: str, fill: dict | None = None, files: dict | None = None):
        """Press a transition's button on the document page, fill its form and confirm."""
        page = self.page
        page.get_by_role("link", name=label, exact=True).click()
        for field_name, value in (fill or {}).items():
            page.fill(f"[name={field_name}]", value)
        for field_name, value in (files or {}).items():
            page.set_input_files(f"[name={field_name}]", str(value))
        self.shot(name)
        page.locator("main form[enctype='multipart/form-data'] button[type=submit]").click()
        expect(page.locator(".messages")).to_contain_text(DONE)

    def save(self) -> None:
        self.page.locator("main form button[type=submit]", has_text="Сохранить").first.click()
        self.page.wait_for_load_state()


def expect_state(page: Page, state) -> None:
    """The document page shows ``state`` (a choice of the document's states)."""
    expect(page.locator("[data-state]")).to_have_attribute("data-state", state.value)


# -- the curator: a new mentorship to an order on approval ---------------------------------


def curator(
    w: Walker, cast: SimpleNamespace, *, mentor, mentee, consented_on, starts_on, scan: Path
) -> None:
    """The curator drafts a mentorship, both sides consent, the curator drafts the order with
    the head on its approval sheet and sends it for approval."""
    page = w.page
    pair = f"{mentor.person.short_name} → {mentee.person.short_name}"
    w.sign_in(cast.curator, "curator")
    w.menu("Наставничество", "Закрепления наставников")
    w.shot("mentorships")
    page.get_by_role("link", name="Добавить закрепление наставника").click()
    page.select_option("#id_organisation", label=str(cast.school))
    page.select_option("#id_kind", "traditional")
    choose_person(page, "mentor", mentor.person)
    choose_person(page, "mentee", mentee.person)
    page.fill("#id_starts_on", day(starts_on))
    page.fill("#id_ends_on", day(starts_on.replace(year=starts_on.year + 1)))
    page.fill("#id_goal", "Адаптация молодого специалиста в коллективе.")
    w.shot("new-mentorship")
    w.save()
    expect_state(page, MentorshipState.DRAFT)
    w.shot("mentorship-draft")
    w.act("Отправить на согласие", "send-for-consent")

    w.sign_in(mentor, "mentor")
    w.open_task("Дать письменное согласие", pair)
    w.shot("mentorship-for-consent")
    w.act(
        "Дать письменное согласие",
        "mentors-consent",
        fill={"consented_on": day(consented_on)},
        files={"scan": scan},
    )
    w.sign_in(mentee, "mentee")
    w.open_task("Дать согласие", pair)
    w.act("Дать согласие", "mentees-consent", fill={"consented_on": day(consented_on)})

    w.sign_in(cast.curator, "curator")
    w.menu("Наставничество", "Закрепления наставников")
    page.get_by_role("link", name="Ожидает приказа").first.click()
    page.get_by_role("link", name=pair).first.click()
    expect_state(page, MentorshipState.AWAITING_ORDER)
    w.shot("mentorship-consented")
    page.locator("[data-draft-order]").click()
    page.fill("#id_title", "О закреплении наставника за молодым специалистом")
    page.fill("#id_starts_on", day(starts_on))
    page.get_by_role("button", name="Добавить").last.click()
    choose_person(page, "route-0-approver", cast.org_head)
    w.shot("new-order")
    w.save()
    w.shot("order-draft")
    w.act("Отправить на согласование", "submit-order")
    expect_state(page, OrderState.APPROVAL)
    w.shot("order-on-approval")


# -- the head: visas and signing ----------------------------------------------------------


def head(w: Walker, cast: SimpleNamespace) -> None:
    """The head gives the visa the order waits for and signs it: the mentorship starts."""
    page = w.page
    w.sign_in(cast.org_head, "head")
    w.open_task("Согласовать (виза)")
    w.shot("order-on-approval")
    w.act("Согласовать (виза)", "visa")
    w.shot("order-with-visa")
    w.act("Подписать", "sign")
    expect_state(page, OrderState.SIGNED)
    w.shot("order-signed")


# -- the mentor: the plan -----------------------------------------------------------------


def mentor(w: Walker, cast: SimpleNamespace, *, activities_from: datetime.date) -> None:
    """The mentor fills in the individual plan and submits it to the head."""
    page = w.page
    w.sign_in(cast.mentor, "mentor")
    w.open_task("Отправить на утверждение", "План:")
    w.shot("plan-draft")
    page.get_by_role("link", name="Править").first.click()
    for number in (1, 2):
        page.get_by_role("button", name="Добавить").last.click()
        row = f"#id_items-{number - 1}"
        page.fill(f"{row}-activity", f"Посещение уроков наставника, цикл {number}")
        page.select_option(f"{row}-form", "lesson_visit")
        page.fill(f"{row}-due_on", day(activities_from + datetime.timedelta(days=30 * number)))
        page.fill(f"{row}-expected_result", "Анализ урока по карте наблюдения")
    w.shot("plan-edit")
    w.save()
    w.shot("plan-filled")
    w.act("Отправить на утверждение", "plan-submit")
    expect_state(page, PlanState.SUBMITTED)
    w.shot("plan-submitted")


# -- the mentee: the questionnaire --------------------------------------------------------


def mentee(w: Walker, cast: SimpleNamespace) -> None:
    """The mentee fills in the evaluation questionnaire and hands it in."""
    page = w.page
    w.sign_in(cast.mentee, "mentee")
    w.open_task("Сдать", "Анкета:")
    w.shot("questionnaire-draft")
    page.get_by_role("link", name="Править").first.click()
    for name in Questionnaire.SCORES:
        page.check(f"input[name={name}][value='5']")
    page.fill("#id_comment", "Спасибо наставнику!")
    w.shot("questionnaire-edit")
    w.save()
    w.act("Сдать", "questionnaire-submit")
    expect_state(page, QuestionnaireState.SUBMITTED)
    w.shot("questionnaire-submitted")


# -- the centre: accepting a report -------------------------------------------------------


def send_report_to_centre(mentorship, *, head, curator) -> None:
    """Bring the final report of ``mentorship`` (its term over, its plan approved) to the
    centre through the services: the mentor writes and submits it, the head approves it, the
    mentee hands in the questionnaire (unless done already), the curator sends the report."""
    mentor, mentee = mentorship.mentor.user, mentorship.mentee.user
    report = fill_report(mentorship.report)
    perform_transition(document=report, name="submit", user=mentor)
    perform_transition(document=report, name="approve", user=head)
    if mentorship.questionnaire.state == QuestionnaireState.DRAFT:
        questionnaire = fill_questionnaire(mentorship.questionnaire)
        perform_transition(document=questionnaire, name="submit", user=mentee)
    perform_transition(document=report, name="send", user=curator)


def centre(w: Walker, cast: SimpleNamespace) -> None:
    """The centre opens a report sent to it, checks the questionnaire and accepts the report:
    the mentorship is complete."""
    page = w.page
    w.sign_in(cast.center, "centre")
    w.open_task("Принять", "Отчёт:")
    w.shot("report-sent")
    w.act("Принять", "report-accept")
    expect_state(page, ReportState.ACCEPTED)
    w.shot("report-accepted")
    page.get_by_role("link", name=re.compile("^Закрепление: ")).first.click()
    expect_state(page, MentorshipState.COMPLETED)
    w.shot("mentorship-completed")


# -- the registrar: an application to a granted status ------------------------------------


def registrar(
    w: Walker, cast: SimpleNamespace, *, candidate: str, enrolled_on, certificate_number: str
) -> None:
    """The registrar records the candidate's enrolment and training and grants the status:
    the certificate is issued."""
    page = w.page
    trained_on = enrolled_on + datetime.timedelta(days=14)
    w.sign_in(cast.registrar, "registrar")
    w.open_task("Отметить зачисление", candidate)
    w.shot("application-recommended")
    w.act("Отметить зачисление", "enrol", fill={"enrolled_on": day(enrolled_on)})
    w.act(
        "Отметить обучение",
        "training",
        fill={
            "training_certificate_number": "422400012345",
            "training_certificate_date": day(trained_on),
        },
    )
    w.act(
        "Присвоить статус",
        "grant",
        fill={
            "ministry_order_number": "1234",
            "ministry_order_date": day(trained_on),
            "certificate_number": certificate_number,
        },
    )
    expect_state(page, StatusApplicationState.GRANTED)
    w.shot("application-granted")
    page.locator("[data-certificate] a").click()
    w.shot("certificate")
