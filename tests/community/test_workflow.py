"""The moderation workflow through the admin (submit → approve → live, reject → draft) and
scheduled publishing done by the background worker without anyone clicking."""

import datetime

from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from wagtail.models import TaskState, WorkflowState

from community.models import NewsPage
from tests.community.roles_fixtures import edit_form_data, login

XHR = {"x-requested-with": "XMLHttpRequest"}


def submit(client, user, page, title):
    login(client, user)
    url = f"/admin/pages/{page.pk}/edit/"
    data = edit_form_data(client, url, title=title)
    data["action-submit"] = ["action-submit"]
    assert client.post(url, data).status_code == 302
    return TaskState.objects.get(status=TaskState.STATUS_IN_PROGRESS, revision__object_id=page.pk)


def act(client, user, page, action, task_state, **headers):
    url = f"/admin/pages/workflow/action/{page.pk}/{action}/{task_state.pk}/"
    return login(client, user).post(url, {"comment": ""}, headers=headers)


def article(tree):
    return NewsPage.objects.get(pk=tree["article"].pk)


def test_an_editor_submits_and_a_moderator_approves_then_it_is_live(
    client, editor, moderator, tree
):
    task_state = submit(client, editor, tree["article"], "Notizia approvata")
    assert article(tree).title == "Notizia"  # waiting for moderation
    assert act(client, moderator, tree["article"], "approve", task_state).status_code == 302
    assert article(tree).title == "Notizia approvata"
    assert WorkflowState.objects.get().status == WorkflowState.STATUS_APPROVED
    assert "Notizia approvata" in client.get("/news/notizia/").content.decode()


def test_a_rejected_submission_goes_back_to_draft(client, editor, moderator, tree):
    task_state = submit(client, editor, tree["article"], "Notizia respinta")
    assert act(client, moderator, tree["article"], "reject", task_state).status_code == 302
    assert WorkflowState.objects.get().status == WorkflowState.STATUS_NEEDS_CHANGES
    assert article(tree).title == "Notizia"
    assert article(tree).get_latest_revision().content["title"] == "Notizia respinta"
    assert "Notizia respinta" not in Client().get("/news/notizia/").content.decode()


def test_a_host_submits_their_space_for_moderation(client, manager_a, tree):
    task_state = submit(client, manager_a, tree["a"], "Spazio A aggiornato")
    assert task_state.task.specific.groups.filter(name="Moderators").exists()


def test_an_editor_cannot_approve_their_own_submission(client, editor, tree):
    task_state = submit(client, editor, tree["article"], "Notizia autoapprovata")
    act(client, editor, tree["article"], "approve", task_state, **XHR)
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS
    assert article(tree).title == "Notizia"


def test_the_worker_publishes_a_page_once_its_go_live_time_passes(client, tree):
    page = tree["news"].add_child(
        instance=NewsPage(title="In arrivo", slug="in-arrivo", date=datetime.date(2026, 2, 1))
    )
    page.unpublish()
    page.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    revision = page.save_revision()
    revision.publish()  # a go-live in the future: scheduled, not live
    call_command("worker", "--once")
    assert not NewsPage.objects.get(pk=page.pk).live
    past = timezone.now() - datetime.timedelta(minutes=1)  # "an hour later"
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])
    call_command("worker", "--once")
    assert NewsPage.objects.get(pk=page.pk).live
    assert client.get("/news/in-arrivo/").status_code == 200


def test_the_worker_unpublishes_a_page_whose_expiry_passed(client, tree):
    NewsPage.objects.filter(pk=tree["article"].pk).update(
        expire_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert article(tree).live
    call_command("worker", "--once")
    assert article(tree).expired and not article(tree).live
    assert client.get("/news/notizia/").status_code == 404


def test_the_edit_page_offers_to_submit_to_the_workflow_by_its_italian_name(client, editor, tree):
    html = login(client, editor).get(f"/admin/pages/{tree['article'].pk}/edit/").content.decode()
    assert "Approvazione dei moderatori" in html
    assert "Moderators approval" not in html


def test_a_new_article_form_has_todays_date_filled_in(client, editor, tree):
    import re

    url = f"/admin/pages/add/community/newspage/{tree['article'].get_parent().pk}/"
    html = login(client, editor).get(url).content.decode()
    (date_input,) = re.findall(r'<input[^>]*name="date"[^>]*>', html)
    assert f'value="{timezone.localdate().isoformat()}"' in date_input
