import pytest

pytestmark = pytest.mark.django_db


def test_home_page_speaks_russian_with_landmarks(client):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ru">' in html
    assert 'href="#main"' in html and "Перейти к основному содержанию" in html
    assert '<main id="main"' in html and "<header" in html and "<footer" in html
    assert "Наставничество в системе образования Юрги" in html


def test_healthz_answers_ok_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_unknown_page_is_a_russian_404(client, settings):
    settings.DEBUG = False
    response = client.get("/net-takoy-stranitsy/")
    assert response.status_code == 404
    assert "Страница не найдена" in response.content.decode()
