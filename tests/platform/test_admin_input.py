"""Malformed input that Wagtail's admin raises on is a clear 400, and nothing is saved."""

import pytest
from wagtail.models import Page, Revision


@pytest.fixture
def editor_client(client, demo, django_user_model):
    client.force_login(django_user_model.objects.get(username="redazione"))
    return client


def _article():
    return Page.objects.get(slug="benvenuti-su-tavolone")


def test_a_page_form_posted_without_its_streamfield_count_is_a_400(editor_client):
    article, revisions = _article(), Revision.objects.count()
    response = editor_client.post(f"/admin/pages/{article.pk}/edit/", {"title": "Rotta"})
    assert response.status_code == 400
    assert "Richiesta non compresa" in response.content.decode()
    assert Revision.objects.count() == revisions


def test_a_search_with_filters_wagtail_cannot_combine_is_a_400(editor_client):
    section = _article().get_parent()
    params = {"q": "x", "has_child_pages": "true"}  # Wagtail cannot filter a search by numchild
    response = editor_client.get(f"/admin/pages/{section.pk}/results/", params)
    assert response.status_code == 400


def test_admin_pages_without_input_still_fail_loudly(editor_client, monkeypatch):
    from wagtail.admin.views import home

    def boom(*args, **kwargs):
        raise KeyError("a bug, not bad input")

    monkeypatch.setattr(home.HomeView, "get", boom)
    editor_client.raise_request_exception = False
    assert editor_client.get("/admin/").status_code == 500
