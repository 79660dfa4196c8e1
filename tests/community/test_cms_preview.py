"""Editors preview every page type (Wagtail's preview and "view draft"), with or without a
saved draft: a page built from a revision holds modelcluster's FakeQuerySets, not querysets."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

KINDS = ["home", "spaces", "news", "a", "article"]


def _save_draft(page):
    page = page.specific
    page.title = f"{page.title} (bozza)"
    if hasattr(page, "related_spaces"):
        page.related_spaces = list(page.related_spaces.all())
        page.tags.add("eventi")
    page.save_revision()


@pytest.fixture
def tree_with_links(tree):
    tree["article"].related_spaces = [tree["a"], tree["b"]]
    tree["article"].save_revision().publish()
    tree["home"].save_revision().publish()
    return tree


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("draft", [False, True], ids=["published", "with_draft"])
def test_moderators_view_the_draft_of_every_page_type(
    moderator_client, tree_with_links, kind, draft
):
    page = tree_with_links[kind]
    if draft:
        _save_draft(page)
    response = moderator_client.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk]))
    assert response.status_code == 200
    assert not draft or "(bozza)" in response.content.decode()


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("draft", [False, True], ids=["published", "with_draft"])
def test_moderators_preview_every_page_type_from_its_edit_form(
    moderator_client, tree_with_links, kind, draft
):
    page = tree_with_links[kind]
    if draft:
        _save_draft(page)
    edit = moderator_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    data = querydict_from_html(edit.content.decode(), form_id="page-edit-form")
    if kind == "article":  # the browser's script writes the StreamField's fields: none here
        data["body-count"] = "0"
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    assert moderator_client.post(url, data).json() == {"is_valid": True, "is_available": True}
    assert moderator_client.get(url).status_code == 200


def test_editors_view_the_draft_of_a_news_article_they_edit(client, editor, tree_with_links):
    article = tree_with_links["article"]
    _save_draft(article)
    client.force_login(editor)
    response = client.get(reverse("wagtailadmin_pages:view_draft", args=[article.pk]))
    assert response.status_code == 200 and "Spazio A" in response.content.decode()
