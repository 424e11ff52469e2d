"""The limit on password-reset e-mails (issue 11, item 10)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def account(make_user):
    return make_user("mentor", email="nastavnik@yurga-edu.example")


def reset(client, email: str, **meta):
    return client.post("/admin/password_reset/", {"email": email}, **meta)


def test_the_fourth_reset_of_one_e_mail_sends_nothing_and_says_why(client, account, mailoutbox):
    for _ in range(3):
        assert reset(client, account.email).status_code == 302
    assert len(mailoutbox) == 3

    refused = reset(client, account.email.upper(), REMOTE_ADDR="10.0.0.9")
    assert refused.status_code == 429
    assert "Слишком много запросов на сброс пароля" in refused.content.decode()
    assert len(mailoutbox) == 3


def test_one_client_cannot_reset_many_e_mails(client, account, settings, mailoutbox):
    settings.PASSWORD_RESET_ADDRESS_LIMIT = 2
    assert reset(client, "first@yurga-edu.example").status_code == 302
    assert reset(client, "second@yurga-edu.example").status_code == 302
    assert reset(client, account.email).status_code == 429
    assert mailoutbox == []
    assert reset(client, account.email, REMOTE_ADDR="10.0.0.9").status_code == 302
    assert len(mailoutbox) == 1


def test_an_unknown_e_mail_is_counted_like_a_known_one(client, account, mailoutbox):
    """The refusal must not reveal whether an account has the address."""
    for _ in range(3):
        reset(client, "nobody@yurga-edu.example")
    assert reset(client, "nobody@yurga-edu.example").status_code == 429
