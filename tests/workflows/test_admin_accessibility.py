"""What the role walks' axe-core checks found in the admin, pinned without a browser."""

import pytest

pytestmark = pytest.mark.django_db


def test_every_admin_page_names_the_date_pickers_buttons_in_russian(client, cast):
    client.force_login(cast.curator)
    page = client.get("/admin/workflows/mentorship/create/").content.decode()
    assert 'src="/static/workflows/date_picker.js"' in page
    for name in ("Предыдущий месяц", "Следующий месяц", "Сегодня"):
        assert f'"{name}"' in page
