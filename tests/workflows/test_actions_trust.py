"""Actions people can trust: the main step first and primary, the exceptions secondary and
confirmed on their own page, the way out of a block visible, each form saying what happens."""

import pytest

from tests.workflows.conftest import add_activities
from workflows.services import perform_transition

pytestmark = pytest.mark.django_db


def page(client, user, url) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_main_step_comes_first_and_the_return_is_secondary(client, cast, active_mentorship):
    plan = add_activities(active_mentorship.plan)
    perform_transition(document=plan, name="submit", user=cast.mentor)
    html = page(client, cast.org_head, f"/admin/workflows/individualplan/inspect/{plan.pk}/")
    approve = html.index('data-transition="approve"')
    give_back = html.index('data-transition="return_for_revision"')
    assert approve < give_back
    assert "button-primary" in html[html.rindex("<a", 0, approve) : approve]
    assert "data-secondary" in html[give_back : give_back + 200]


def test_a_step_blocked_by_the_content_shows_the_way_to_edit(client, cast, active_mentorship):
    plan = active_mentorship.plan  # no activities yet: «Отправить» is blocked
    html = page(client, cast.mentor, f"/admin/workflows/individualplan/inspect/{plan.pk}/")
    assert "data-edit-to-unblock" in html and "Править" in html
    assert f"/admin/workflows/individualplan/edit/{plan.pk}/" in html


def test_the_form_says_what_happens_and_who_acts_next(client, cast, active_mentorship):
    plan = add_activities(active_mentorship.plan)
    url = f"/admin/workflows/individualplan/transition/{plan.pk}/submit/"
    html = page(client, cast.mentor, url)
    sentence = html[
        html.index("data-what-happens") : html.index("</p>", html.index("data-what-happens"))
    ]
    assert "перейдёт из состояния «Черновик»" in sentence
    assert "Следующий шаг за: руководитель" in sentence
