"""The editorial permission matrix, through the Wagtail admin over HTTP: anonymous, coworker,
editor, moderator, and the manager (host) of space A against space B."""

from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission

from community import roles
from community.models import NewsIndexPage, SpacePage
from tests.community.roles_fixtures import edit_form_data, login

XHR = {"x-requested-with": "XMLHttpRequest"}


def edit_url(page):
    return f"/admin/pages/{page.pk}/edit/"


def assert_refused(client, url, method="get", data=None):
    """Wagtail's admin answers a denied page view with a redirect to the dashboard and an error
    message, and background (XHR) requests with a plain 403: check both."""
    response = getattr(client, method)(url, data or {}, follow=True)
    assert response.redirect_chain == [("/admin/", 302)]
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert getattr(client, method)(url, data or {}, headers=XHR).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login_page(client, tree):
    response = client.get(edit_url(tree["a"]))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_a_coworker_cannot_reach_the_page_editor(coworker_client, tree):
    response = coworker_client.get(edit_url(tree["a"]))
    assert response.status_code in (302, 403)
    assert response.status_code != 200


def test_the_manager_of_space_a_can_edit_space_a(client, manager_a, tree):
    assert login(client, manager_a).get(edit_url(tree["a"])).status_code == 200


def test_the_manager_of_space_a_gets_403_editing_space_b(client, manager_a, tree):
    assert_refused(login(client, manager_a), edit_url(tree["b"]))


def test_the_manager_of_space_a_cannot_post_changes_to_space_b(client, manager_a, tree):
    login(client, manager_a)
    assert_refused(client, edit_url(tree["b"]), "post", {"title": "Preso!", "slug": "b"})
    assert SpacePage.objects.get(pk=tree["b"].pk).get_latest_revision().content["title"] == (
        "Spazio B"
    )


def test_the_manager_of_space_a_cannot_delete_or_lock_space_b(client, manager_a, tree):
    login(client, manager_a)
    assert_refused(client, f"/admin/pages/{tree['b'].pk}/delete/")
    client.post(f"/admin/pages/{tree['b'].pk}/lock/")
    assert not SpacePage.objects.get(pk=tree["b"].pk).locked


def test_the_explorer_shows_a_manager_only_the_spaces_they_host(client, manager_a, tree):
    response = login(client, manager_a).get("/admin/pages/", follow=True)
    assert response.status_code == 200
    assert edit_url(tree["a"]) in response.content.decode()
    assert edit_url(tree["b"]) not in response.content.decode()


def test_a_manager_publishing_their_space_only_submits_it_to_moderation(client, manager_a, tree):
    login(client, manager_a)
    data = edit_form_data(client, edit_url(tree["a"]), title="Spazio A rinnovato")
    data["action-publish"] = ["action-publish"]
    assert client.post(edit_url(tree["a"]), data).status_code == 302
    space = SpacePage.objects.get(pk=tree["a"].pk)
    assert space.title == "Spazio A"  # live version unchanged
    assert space.get_latest_revision().content["title"] == "Spazio A rinnovato"


def test_an_editor_can_edit_news_but_gets_403_on_spaces(client, editor, tree):
    login(client, editor)
    assert client.get(edit_url(tree["article"])).status_code == 200
    assert_refused(client, edit_url(tree["a"]))


def test_an_editor_can_start_a_new_article(client, editor, tree):
    url = f"/admin/pages/add/community/newspage/{tree['news'].pk}/"
    assert login(client, editor).get(url).status_code == 200


def test_an_editor_publishing_gets_a_revision_not_a_live_change(client, editor, tree):
    login(client, editor)
    data = edit_form_data(client, edit_url(tree["article"]), title="Notizia corretta")
    data["action-publish"] = ["action-publish"]
    assert client.post(edit_url(tree["article"]), data).status_code == 302
    article = tree["article"].specific_class.objects.get(pk=tree["article"].pk)
    assert article.title == "Notizia"
    assert article.get_latest_revision().content["title"] == "Notizia corretta"
    assert article.has_unpublished_changes


def test_an_editor_cannot_unpublish(client, editor, tree):
    login(client, editor)
    assert_refused(client, f"/admin/pages/{tree['article'].pk}/unpublish/", "post")
    assert tree["article"].specific_class.objects.get(pk=tree["article"].pk).live


def test_a_moderator_publishes_directly(client, moderator, tree):
    login(client, moderator)
    data = edit_form_data(client, edit_url(tree["a"]), title="Spazio A bis")
    data["action-publish"] = ["action-publish"]
    assert client.post(edit_url(tree["a"]), data).status_code == 302
    assert SpacePage.objects.get(pk=tree["a"].pk).title == "Spazio A bis"


def test_a_moderator_unpublishes(client, moderator, tree):
    login(client, moderator)
    response = client.post(f"/admin/pages/{tree['b'].pk}/unpublish/")
    assert response.status_code == 302
    assert not SpacePage.objects.get(pk=tree["b"].pk).live
    assert client.get("/spazi/b/").status_code == 404


def test_a_moderator_schedules_a_go_live_date(client, moderator, tree):
    login(client, moderator)
    data = edit_form_data(
        client, edit_url(tree["a"]), title="Spazio A futuro", go_live_at="2099-01-01 09:00"
    )
    data["action-publish"] = ["action-publish"]
    assert client.post(edit_url(tree["a"]), data).status_code == 302
    space = SpacePage.objects.get(pk=tree["a"].pk)
    assert space.title == "Spazio A"  # not yet
    assert space.get_latest_revision().approved_go_live_at.year == 2099


def test_revisions_compare_and_rollback_are_open_to_the_host_not_to_others(
    client, manager_a, manager_b, tree
):
    space = tree["a"]
    first = space.get_latest_revision()
    space.title = "Spazio A v2"
    second = space.save_revision()
    compare = f"/admin/pages/{space.pk}/revisions/compare/{first.pk}...{second.pk}/"
    revert = f"/admin/pages/{space.pk}/revisions/{first.pk}/revert/"
    login(client, manager_a)
    assert client.get(f"/admin/pages/{space.pk}/history/").status_code == 200
    assert client.get(compare).status_code == 200
    assert client.get(revert).status_code == 200
    login(client, manager_b)
    assert client.get(compare, headers=XHR).status_code == 403
    assert client.get(revert, headers=XHR).status_code == 403


def test_a_host_locks_their_space_and_a_moderator_unlocks_it(client, manager_a, moderator, tree):
    login(client, manager_a).post(f"/admin/pages/{tree['a'].pk}/lock/")
    assert SpacePage.objects.get(pk=tree["a"].pk).locked
    login(client, moderator).post(f"/admin/pages/{tree['a'].pk}/unlock/")
    assert not SpacePage.objects.get(pk=tree["a"].pk).locked


def test_a_fresh_install_keeps_editors_off_the_tree_root(db):
    editors = Group.objects.get(name=roles.EDITORS)
    assert not GroupPagePermission.objects.filter(group=editors, page__depth=1).exists()
    moderators = Group.objects.get(name=roles.MODERATORS)
    codenames = set(
        GroupPagePermission.objects.filter(group=moderators, page__depth=1).values_list(
            "permission__codename", flat=True
        )
    )
    assert {"publish_page", "change_page", "unlock_page"} <= codenames


def test_an_index_page_created_in_the_admin_gets_the_editors_permissions(admin_client, db):
    from tavolone.home.demo import ensure_home

    home = ensure_home()
    url = f"/admin/pages/add/community/newsindexpage/{home.pk}/"
    data = edit_form_data(admin_client, url, form_id="page-edit-form", title="News", slug="news")
    assert admin_client.post(url, data).status_code == 302
    news = NewsIndexPage.objects.get()
    editors = Group.objects.get(name=roles.EDITORS)
    assert GroupPagePermission.objects.filter(
        group=editors, page=news, permission__codename="add_page"
    ).exists()


def test_the_demo_host_edits_their_own_space(client, demo, django_user_model):
    host = django_user_model.objects.get(username="host_lambrate")
    lambrate = SpacePage.objects.get(slug="lambrate")
    assert login(client, host).get(edit_url(lambrate)).status_code == 200
