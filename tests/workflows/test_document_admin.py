"""The document admin: scoped lists, the document page, transitions, history."""

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from tests.factories import YOUNG_SINCE, MentorshipFactory, PersonFactory, png_scan
from tests.workflows.conftest import sign_through
from workflows.choices import MentorshipState
from workflows.grammar import short_name
from workflows.models import Mentorship
from workflows.services import perform_transition

pytestmark = pytest.mark.django_db

MENTORSHIPS = "/admin/workflows/mentorship/"


def page_of(document):
    return f"{MENTORSHIPS}inspect/{document.pk}/"


def test_the_document_page_shows_state_next_step_and_the_users_buttons(
    client, cast, draft_mentorship
):
    client.force_login(cast.curator)
    html = client.get(page_of(draft_mentorship)).content.decode()
    assert 'data-state="draft"' in html
    assert "Что дальше" in html and "куратор наставничества" in html
    assert f'href="{MENTORSHIPS}transition/{draft_mentorship.pk}/send_for_consent/"' in html
    assert 'aria-current="step">Черновик<' in html  # the diagram highlights the current state


def test_a_blocked_transition_is_shown_with_its_rule_and_clause(client, cast, draft_mentorship):
    mentor = draft_mentorship.mentor
    mentor.teaching_experience_since = datetime.date(2020, 9, 1)
    mentor.save()
    client.force_login(cast.curator)
    html = client.get(page_of(draft_mentorship)).content.decode()
    assert "disabled" in html
    assert "У наставника педагогический стаж меньше 10 лет (п. 2.1)." in html


def test_a_mentee_has_no_button_to_send_for_consent(client, cast, draft_mentorship):
    client.force_login(cast.mentee)
    html = client.get(page_of(draft_mentorship)).content.decode()
    assert "send_for_consent" not in html
    assert "Сейчас у вас нет действий" in html


def test_the_transition_form_requires_a_comment_to_cancel(client, cast, draft_mentorship):
    client.force_login(cast.curator)
    url = f"{MENTORSHIPS}transition/{draft_mentorship.pk}/cancel/"
    response = client.post(url, {"comment": ""})
    assert response.status_code == 200
    assert "Для этого действия нужен комментарий." in response.content.decode()
    draft_mentorship.refresh_from_db()
    assert draft_mentorship.state == MentorshipState.DRAFT

    response = client.post(url, {"comment": "Передумали"})
    assert response.status_code == 302
    draft_mentorship.refresh_from_db()
    assert draft_mentorship.state == MentorshipState.CANCELLED


def test_the_mentor_uploads_the_consent_scan_and_a_fake_scan_is_refused(
    clock, client, cast, draft_mentorship
):
    perform_transition(document=draft_mentorship, name="send_for_consent", user=cast.curator)
    client.force_login(cast.mentor)
    url = f"{MENTORSHIPS}transition/{draft_mentorship.pk}/consent_as_mentor/"
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile(
        "consent.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )
    response = client.post(url, {"consented_on": "20.11.2026", "scan": fake})
    assert "Файл не является документом PDF" in response.content.decode()

    response = client.post(url, {"consented_on": "20.11.2026", "scan": png_scan()})
    assert response.status_code == 302
    draft_mentorship.refresh_from_db()
    assert draft_mentorship.mentor_consented_on == datetime.date(2026, 11, 20)


def test_a_rule_broken_at_submit_is_reported_on_the_form_and_nothing_changes(
    client, cast, draft_mentorship
):
    mentor = draft_mentorship.mentor
    mentor.teaching_experience_since = datetime.date(2020, 9, 1)
    mentor.save()
    client.force_login(cast.curator)
    response = client.post(f"{MENTORSHIPS}transition/{draft_mentorship.pk}/send_for_consent/", {})
    assert "меньше 10 лет (п. 2.1)" in response.content.decode()
    draft_mentorship.refresh_from_db()
    assert draft_mentorship.state == MentorshipState.DRAFT


def test_history_shows_every_transition_with_who_and_the_field_changes(
    client, cast, draft_mentorship
):
    perform_transition(document=draft_mentorship, name="send_for_consent", user=cast.curator)
    perform_transition(
        document=draft_mentorship, name="cancel", user=cast.org_head, comment="Наставник в отпуске"
    )
    client.force_login(cast.org_head)
    html = client.get(f"{MENTORSHIPS}history/{draft_mentorship.pk}/").content.decode()
    assert html.count("<tr>") >= 3
    assert "Отправить на согласие" in html and "Отменить" in html
    assert "Наставник в отпуске" in html
    assert str(cast.org_head) in html or cast.org_head.get_full_name() in html
    assert "Ожидает согласия" in html and "Отменено" in html  # state diff of a version


def test_edit_is_refused_past_the_draft(client, cast, draft_mentorship):
    perform_transition(document=draft_mentorship, name="send_for_consent", user=cast.curator)
    client.force_login(cast.curator)
    response = client.get(f"{MENTORSHIPS}edit/{draft_mentorship.pk}/")
    assert response.status_code in (302, 403)
    assert client.get(f"{MENTORSHIPS}edit/{draft_mentorship.pk}/", follow=True).redirect_chain


def test_curator_creates_a_mentorship_through_the_admin_and_rules_apply(client, cast):
    client.force_login(cast.curator)
    third = PersonFactory(organisation=cast.school, teaching_experience_since=YOUNG_SINCE)
    form = {
        "organisation": cast.school.pk, "kind": "traditional", "mentor": cast.mentor.person.pk,
        "mentee": third.pk, "starts_on": "01.12.2026", "ends_on": "30.05.2027", "goal": "",
        "mentee_basis": "young_specialist",
    }  # fmt: skip
    response = client.post(f"{MENTORSHIPS}create/", form)
    assert "не менее шести месяцев" in response.content.decode()

    response = client.post(f"{MENTORSHIPS}create/", {**form, "ends_on": "31.05.2027"})
    assert response.status_code == 302
    created = third.mentorships_as_mentee.get()
    assert created.created_by == cast.curator
    assert created.history.get().history_user == cast.curator


def test_mentors_see_only_their_own_mentorships(client, cast, draft_mentorship):
    other = MentorshipFactory(organisation=cast.school)
    client.force_login(cast.mentor)
    html = client.get(MENTORSHIPS).content.decode()
    assert page_of(draft_mentorship) in html
    assert page_of(other) not in html
    assert client.get(page_of(other)).status_code == 404


def test_the_index_runs_a_bounded_number_of_queries_whatever_the_size(
    client, cast, django_assert_max_num_queries
):
    template = MentorshipFactory(organisation=cast.school)

    def count_queries(n):
        # Rows in bulk: the list, not the factory, is what is measured here.
        Mentorship.objects.bulk_create(
            Mentorship(
                organisation=cast.school, kind=template.kind, mentor=template.mentor,
                mentee=template.mentee, starts_on=template.starts_on, ends_on=template.ends_on,
            )
            for _ in range(n)
        )  # fmt: skip
        counts = []
        for user in (cast.org_head, cast.center):
            client.force_login(user)
            client.get(MENTORSHIPS)  # the first visit creates the user's Wagtail profile
            for query in ("", "?state__exact=draft"):
                with CaptureQueriesContext(connection) as queries:
                    assert client.get(MENTORSHIPS + query).status_code == 200
                counts.append(len(queries))
        return counts

    small = count_queries(10)
    large = count_queries(1000)
    assert large == small
    # The centre's list of every mentorship of the region: at most 20 (issue 16); the list
    # is built and counted once (14), a filtered list counts the rows in scope apart (15).
    for query, bound in (("", 14), ("?state__exact=draft", 15)):
        with django_assert_max_num_queries(bound):
            client.get(MENTORSHIPS + query)
    client.force_login(cast.org_head)
    for query, bound in (("", 15), ("?state__exact=draft", 16)):
        with django_assert_max_num_queries(bound):
            client.get(MENTORSHIPS + query)


def test_what_the_list_learns_of_one_users_rights_never_answers_for_another(
    client, cast, draft_mentorship
):
    # The list's permission helper is shared by every request; the model-wide answers it
    # keeps for a list's rows belong to that request's user.
    edit = f'href="{MENTORSHIPS}edit/{draft_mentorship.pk}/"'
    for user, may_edit in ((cast.curator, True), (cast.center, False), (cast.curator, True)):
        client.force_login(user)
        html = client.get(MENTORSHIPS).content.decode()
        assert page_of(draft_mentorship) in html
        assert (edit in html) is may_edit, user


def rows_of(html: str) -> list[str]:
    """The primary keys of the rows the list shows."""
    return re.findall(r'data-object-pk="(\d+)"', html)


def count_of(html: str) -> str:
    """The list's «N из M»: the rows listed out of the rows in the user's scope."""
    return re.search(r'class="result-count">\s*(.*?)\s*<', html).group(1)


def test_a_filtered_or_searched_list_counts_its_rows_out_of_every_row_in_scope(client, cast):
    # The rows in scope are counted apart only when something narrows the list; whatever
    # narrows it, «N из M» must still say how many rows there are in all.
    MentorshipFactory.create_batch(3, organisation=cast.school)
    MentorshipFactory(organisation=cast.other_school, state=MentorshipState.ACTIVE)
    MentorshipFactory(organisation=cast.other_school, mentor=PersonFactory(surname="Единственнова"))
    client.force_login(cast.center)
    assert count_of(client.get(MENTORSHIPS).content.decode()) == "5 из 5"
    narrowed = {
        "?state__exact=active": "1 из 5",
        f"?organisation={cast.school.pk}": "3 из 5",
        f"?organisation={cast.other_school.pk}&state__exact=draft": "1 из 5",
        "?q=единственнова": "1 из 5",
        "?organisation=0": "0 из 5",  # not an organisation offered: nothing, counted right
    }
    for query, expected in narrowed.items():
        html = client.get(MENTORSHIPS + query).content.decode()
        assert count_of(html) == expected, query
        assert len(rows_of(html)) == int(expected.split()[0]), query
    # The school's head: its own scope is «every row», not the region's.
    client.force_login(cast.org_head)
    assert count_of(client.get(MENTORSHIPS).content.decode()) == "3 из 3"
    assert count_of(client.get(MENTORSHIPS + "?state__exact=active").content.decode()) == "0 из 3"


def test_the_last_page_shows_the_rest_and_the_pager_counts_every_row(client, cast):
    template = MentorshipFactory(organisation=cast.school)
    Mentorship.objects.bulk_create(
        Mentorship(
            organisation=cast.school, kind=template.kind, mentor=template.mentor,
            mentee=template.mentee, starts_on=template.starts_on, ends_on=template.ends_on,
        )
        for _ in range(52)
    )  # fmt: skip
    client.force_login(cast.center)
    first = client.get(MENTORSHIPS).content.decode()
    last = client.get(MENTORSHIPS + "?p=2").content.decode()
    assert len(rows_of(first)) == 50 and len(rows_of(last)) == 3
    assert set(rows_of(first)) | set(rows_of(last)) == {
        str(pk) for pk in Mentorship.objects.values_list("pk", flat=True)
    }
    assert count_of(last) == "53 из 53"
    pager = re.search(r'class="pagination__end">\s*(.*?)\s*<', last).group(1)
    assert pager.startswith("53 ")
    assert 'href="?p=2"' in first and 'href="?p=3"' not in first
    # A page past the end is the first page, as before.
    assert rows_of(client.get(MENTORSHIPS + "?p=9").content.decode()) == rows_of(first)


def test_the_filter_links_keep_the_other_parameters_and_drop_the_page(client, cast):
    # The links of a filter's choices are built for every choice (every organisation of the
    # region for the centre): each keeps the search and the other filters, not the page.
    MentorshipFactory(organisation=cast.school, mentor=PersonFactory(surname="Иванова"))
    client.force_login(cast.center)
    html = client.get(MENTORSHIPS + "?q=ив&state__exact=draft&p=1").content.decode()
    panel = html.split('class="changelist-filter')[1].split('class="result-list')[0]
    filters = re.findall(r'href="(\?[^"]*)"', panel)
    search = "q=%D0%B8%D0%B2"
    assert f"?organisation={cast.school.pk}&amp;{search}&amp;state__exact=draft" in filters
    assert f"?{search}&amp;state__exact=active" in filters
    assert f"?{search}" in filters  # «all states»: the state taken off, the search kept
    assert not [link for link in filters if re.search(r"[?&;]p=", link)]


def test_an_order_history_names_the_signer_in_the_field_diff(client, cast, assignment_order):
    # As the documents write a person («Фамилия И. О.»), not as the account is named.
    cast.org_head.first_name, cast.org_head.last_name = "Олег", "Лебедев"
    cast.org_head.save()
    signer = cast.org_head.person
    signer.surname, signer.name, signer.patronymic = "Лебедев", "Олег", "Петрович"
    signer.save()
    sign_through(assignment_order, cast)
    client.force_login(cast.org_head)
    html = client.get(f"/admin/workflows/order/history/{assignment_order.pk}/").content.decode()
    assert "<td>подписал</td><td>—</td><td>Лебедев О. П.</td>" in html.replace("\n", "")


def test_what_comes_next_names_the_awaited_approver_as_documents_do(client, cast, assignment_order):
    perform_transition(document=assignment_order, name="submit", user=cast.curator)
    client.force_login(cast.org_head)
    html = client.get(f"/admin/workflows/order/inspect/{assignment_order.pk}/").content.decode()
    next_steps = html[html.index('id="next-heading"') : html.index('id="actions-heading"')]
    assert f"«Согласовать (виза)» — {short_name(cast.curator.person)}" in next_steps


def test_what_comes_next_names_the_mentor_who_consents_as_documents_do(
    client, cast, draft_mentorship
):
    perform_transition(document=draft_mentorship, name="send_for_consent", user=cast.curator)
    client.force_login(cast.curator)
    html = client.get(page_of(draft_mentorship)).content.decode()
    next_steps = html[html.index('id="next-heading"') : html.index('id="actions-heading"')]
    assert f"({short_name(draft_mentorship.mentor)})" in next_steps
    assert draft_mentorship.mentor.full_name not in next_steps
