"""Space data freshness over HTTP: the "confirmed on" line, a host's one-click confirm, stale
spaces flagged in the admin, and visitors' rate-limited "outdated information" reports, grouped
per space and day (one email, one counted item)."""

import datetime

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils import timezone, translation
from django.utils.formats import date_format
from wagtail.models import Revision

from community import freshness
from community.models import OutdatedReport, SpacePage
from tests.community.roles_fixtures import login

REPORT_LIMIT = 5  # RATE_LIMIT_OUTDATED_REPORTS's default: 5/h


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()  # the report rate limit lives in the cache


def space(tree, key="a"):
    return SpacePage.objects.get(pk=tree[key].pk)


def make_stale(page):
    SpacePage.objects.filter(pk=page.pk).update(
        last_confirmed=timezone.localdate() - datetime.timedelta(days=200)
    )


def confirm_url(page):
    return f"/spazi/dati/{page.pk}/conferma/"


def report_url(page):
    return f"/spazi/dati/{page.pk}/segnala/"


def test_a_space_page_says_when_its_data_was_confirmed(client, tree):
    SpacePage.objects.filter(pk=tree["a"].pk).update(last_confirmed=datetime.date(2026, 3, 2))
    response = client.get("/spazi/a/")
    with translation.override(response["Content-Language"]):
        assert date_format(datetime.date(2026, 3, 2)) in response.content.decode()
    assert confirm_url(tree["a"]) not in response.content.decode()  # visitors can't confirm


def test_the_host_sees_the_one_click_confirm_button(client, manager_a, tree):
    response = login(client, manager_a).get("/spazi/a/")
    assert confirm_url(tree["a"]) in response.content.decode()


def test_the_host_confirms_without_a_new_revision(client, manager_a, tree):
    make_stale(tree["a"])
    revisions = Revision.objects.count()
    response = login(client, manager_a).post(confirm_url(tree["a"]), {"next": "/spazi/a/"})
    assert response.status_code == 302 and response["Location"] == "/spazi/a/"
    assert space(tree).last_confirmed == timezone.localdate()
    assert Revision.objects.count() == revisions
    latest = space(tree).get_latest_revision_as_object()
    assert latest.last_confirmed == timezone.localdate()  # a later publish keeps it


def test_an_editor_may_confirm_any_space(client, editor, tree):
    make_stale(tree["b"])
    assert login(client, editor).post(confirm_url(tree["b"])).status_code == 302
    assert space(tree, "b").last_confirmed == timezone.localdate()


def test_outsiders_and_other_hosts_get_403(client, coworker, manager_b, tree):
    make_stale(tree["a"])
    assert login(client, coworker).post(confirm_url(tree["a"])).status_code == 403
    assert login(client, manager_b).post(confirm_url(tree["a"])).status_code == 403
    assert freshness.is_stale(space(tree))


def test_anonymous_visitors_are_sent_to_log_in(client, tree):
    response = client.post(confirm_url(tree["a"]))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_confirming_needs_a_post_with_a_csrf_token(manager_a, tree):
    client = Client(enforce_csrf_checks=True)
    login(client, manager_a)
    assert client.post(confirm_url(tree["a"])).status_code == 403
    assert client.options(confirm_url(tree["a"])).status_code == 405


def test_stale_spaces_are_listed_in_the_admin_report(client, moderator, tree):
    make_stale(tree["b"])
    response = login(client, moderator).get("/admin/spazi-da-verificare/")
    assert response.status_code == 200
    assert "Spazio B" in response.content.decode()
    assert "Spazio A" not in response.content.decode()


def test_a_host_sees_only_their_own_stale_spaces_in_the_report(client, manager_a, tree):
    make_stale(tree["a"])
    make_stale(tree["b"])
    body = login(client, manager_a).get("/admin/spazi-da-verificare/").content.decode()
    assert "Spazio A" in body and "Spazio B" not in body


def test_editing_a_stale_space_shows_a_warning(client, manager_a, tree):
    make_stale(tree["a"])
    response = login(client, manager_a).get(f"/admin/pages/{tree['a'].pk}/edit/")
    assert [m.level_tag for m in response.context["messages"]] == ["warning"]


def test_the_directory_can_flag_stale_spaces(tree):
    make_stale(tree["b"])
    assert freshness.stale_space_ids() == {tree["b"].pk}


def test_a_report_emails_hosts_and_editors_in_plain_text(client, manager_a, editor, tree):
    message = "Orari cambiati <script>alert(1)</script>\nLink: http://evil.example"
    response = client.post(report_url(tree["a"]), {"message": message})
    assert response.status_code == 302
    (email,) = mail.outbox
    assert sorted(email.to) == ["editor@example.org", "host_a@example.org"]
    assert email.alternatives == []  # plain text only
    assert "> Orari cambiati <script>alert(1)</script>\n> Link: http://evil.example" in email.body


def test_reports_are_rate_limited_per_ip(client, manager_a, tree):
    for _ in range(REPORT_LIMIT):
        assert client.post(report_url(tree["a"]), {"message": "x"}).status_code == 302
    response = client.post(report_url(tree["a"]), {"message": "ancora"})
    assert response.status_code == 429 and 0 < int(response["Retry-After"]) <= 3600
    assert "ancora" in response.content.decode()  # what they typed is not lost
    other = Client(REMOTE_ADDR="10.0.0.2")
    assert other.post(report_url(tree["a"]), {"message": "x"}).status_code == 302


def test_reports_of_a_space_within_a_day_make_one_email_and_one_counted_item(
    client, manager_a, moderator, tree
):
    for address in ("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.1"):  # the last one repeats
        Client(REMOTE_ADDR=address).post(report_url(tree["a"]), {"message": "Orari cambiati"})
    assert len(mail.outbox) == 1
    (report,) = OutdatedReport.objects.filter(space=tree["a"])
    assert report.count == 3 and "10.0.0.1" not in str(report.reporters)  # no address kept
    body = login(client, moderator).get("/admin/spazi-da-verificare/").content.decode()
    assert "Spazio A" in body and "3 segnalazioni" in body  # reported, though not stale


def test_a_report_after_the_window_emails_again(client, manager_a, tree):
    client.post(report_url(tree["a"]), {"message": "Primo"})
    OutdatedReport.objects.update(opened_at=timezone.now() - datetime.timedelta(days=2))
    Client(REMOTE_ADDR="10.0.0.9").post(report_url(tree["a"]), {"message": "Secondo"})
    assert len(mail.outbox) == 2 and OutdatedReport.objects.count() == 2


def test_confirming_the_data_clears_the_reports_count(client, manager_a, moderator, tree):
    client.post(report_url(tree["a"]), {"message": "Orari"})
    assert tree["a"].pk in {s.pk for s in freshness.spaces_to_check()}
    login(client, manager_a).post(confirm_url(tree["a"]))
    assert tree["a"].pk not in {s.pk for s in freshness.spaces_to_check()}
    Client(REMOTE_ADDR="10.0.0.9").post(report_url(tree["a"]), {"message": "Ancora"})
    assert len(mail.outbox) == 2  # reported again after the check: a new email


def test_reloading_a_report_or_confirm_address_leads_back_to_the_space(client, tree):
    for url in (report_url(tree["a"]), confirm_url(tree["a"])):
        response = client.get(url)  # the browser's reload after a 429: a GET
        assert response.status_code == 302 and response["Location"] == tree["a"].url


def test_a_space_never_confirmed_says_its_data_may_be_out_of_date(client, tree):
    SpacePage.objects.filter(pk=tree["a"].pk).update(last_confirmed=None)
    html = client.get(tree["a"].url).content.decode()
    assert "Dati non ancora confermati: potrebbero non essere aggiornati" in html


def test_a_too_long_report_gets_a_clear_answer_and_keeps_the_text(client, manager_a, tree):
    text = "troppo " * 200
    response = client.post(report_url(tree["a"]), {"message": text})
    assert response.status_code == 400
    assert text.strip() in response.content.decode()
    assert 'class="invalid-feedback' in response.content.decode()
    assert mail.outbox == []


def test_a_bot_filling_the_honeypot_sends_nothing(client, manager_a, tree):
    response = client.post(report_url(tree["a"]), {"message": "spam", "website": "http://x"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_a_draft_space_cannot_be_reported(client, manager_a, tree):
    tree["b"].unpublish()
    assert client.post(report_url(tree["b"]), {"message": "x"}).status_code == 404


def test_the_dashboard_lists_stale_spaces_with_a_confirm_button(client, manager_a, tree):
    make_stale(tree["a"])
    login(client, manager_a)
    body = client.get("/admin/").content.decode()
    assert 'id="stale-spaces-section"' in body and confirm_url(tree["a"]) in body
    client.post(confirm_url(tree["a"]), {"next": "/admin/"})
    assert 'id="stale-spaces-section"' not in client.get("/admin/").content.decode()
