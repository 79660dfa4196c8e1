"""'Book a visit': stored, emailed to the hosts (to the editors for a space without one),
spam-protected, and forgiving with bad input."""

import datetime
import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone

from community import roles
from community.models import VisitRequest
from tests.community.factories import SpacePageFactory


@pytest.fixture
def space(cms_tree, django_user_model):
    host = django_user_model.objects.create_user("host_a", "host-a@example.org", "pw-host-1")
    page = SpacePageFactory(parent=cms_tree.spaces, title="Spazio A", slug="a")
    page.hosts.add(host)
    page.save()
    return page


def visit(**overrides):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    data = {
        "name": "Lucia Verdi",
        "email": "lucia@example.org",
        "preferred_date": tomorrow.isoformat(),
    }
    return {**data, "message": "Vorrei provare una giornata.", **overrides}


def test_a_visit_request_is_stored_and_emailed_to_the_hosts(visitor, space):
    response = visitor.post("/spazi/a/", visit())
    assert response.status_code == 302 and response["Location"].endswith("/spazi/a/#visit")
    stored = VisitRequest.objects.get()
    assert (stored.space_id, stored.name) == (space.pk, "Lucia Verdi")
    assert mail.outbox[0].to == ["host-a@example.org"] and mail.outbox[0].reply_to == [
        "lucia@example.org"
    ]
    assert "Vorrei provare una giornata." in mail.outbox[0].body


def test_the_visitor_is_thanked_after_sending(visitor, space):
    response = visitor.post("/spazi/a/", visit(), follow=True)
    assert "Thank you" in response.content.decode()


def test_bad_input_keeps_what_was_typed_and_says_what_to_fix(visitor, space):
    response = visitor.post("/spazi/a/", visit(email="not-an-email", preferred_date="2001-01-01"))
    html = response.content.decode()
    assert response.status_code == 200 and not VisitRequest.objects.exists()
    assert 'value="Lucia Verdi"' in html and "Vorrei provare una giornata." in html
    assert "Enter a valid email address." in html and "Choose today or a later day." in html


def test_a_filled_honeypot_stores_and_sends_nothing(visitor, space):
    response = visitor.post("/spazi/a/", visit(website="http://spam.example"))
    assert response.status_code == 302
    assert not VisitRequest.objects.exists() and not mail.outbox


def test_one_connection_may_send_five_requests_an_hour(visitor, space):
    for _ in range(5):
        assert visitor.post("/spazi/a/", visit()).status_code == 302
    response = visitor.post("/spazi/a/", visit(name="Sesto"))
    assert response.status_code == 429 and 'value="Sesto"' in response.content.decode()
    assert VisitRequest.objects.count() == 5


def test_newlines_in_the_name_do_not_reach_the_email_headers(visitor, space):
    visitor.post("/spazi/a/", visit(name="Eve\r\nBcc: all@example.org"))
    assert VisitRequest.objects.get().name == "Eve Bcc: all@example.org"
    assert "Bcc" not in mail.outbox[0].subject


def test_hosts_read_their_space_requests_in_the_admin_but_not_others(
    client, space, cms_tree, django_user_model
):
    from django.contrib.auth.models import Permission

    other = SpacePageFactory(parent=cms_tree.spaces, title="Spazio B", slug="b")
    VisitRequest.objects.create(space=space, name="Per A", email="a@example.org", message="ciao")
    VisitRequest.objects.create(space=other, name="Per B", email="b@example.org", message="ciao")
    host = space.hosts.get()
    host.is_staff = True
    host.save()
    host.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(host)
    html = client.get("/admin/snippets/community/visitrequest/").content.decode()
    assert "Per A" in html and "Per B" not in html
    b_request = VisitRequest.objects.get(name="Per B")
    assert client.get(
        f"/admin/snippets/community/visitrequest/inspect/{b_request.pk}/"
    ).status_code in (302, 403, 404)


def test_a_coworker_cannot_list_visit_requests(coworker_client, space):
    VisitRequest.objects.create(space=space, name="Per A", email="a@example.org", message="ciao")
    response = coworker_client.get("/admin/snippets/community/visitrequest/")
    assert response.status_code in (302, 403) and "Per A" not in response.content.decode()


def test_fixing_mistakes_does_not_use_up_the_hourly_allowance(visitor, space):
    for _ in range(6):
        assert visitor.post("/spazi/a/", visit(email="typo")).status_code == 200
    assert visitor.post("/spazi/a/", visit()).status_code == 302


@pytest.fixture
def hostless_space(cms_tree, django_user_model):
    editor = django_user_model.objects.create_user("redazione", "redazione@example.org", "pw-1")
    editor.groups.add(Group.objects.get(name=roles.EDITORS))
    editor.is_staff = True
    editor.save()
    return SpacePageFactory(parent=cms_tree.spaces, title="Senza host", slug="senza-host")


def test_a_request_for_a_space_without_a_host_reaches_the_editors(visitor, hostless_space):
    assert visitor.post("/spazi/senza-host/", visit()).status_code == 302
    (email,) = mail.outbox
    assert "redazione@example.org" in email.to and email.reply_to == ["lucia@example.org"]


def test_the_editors_follow_the_emails_link_and_read_the_request_in_the_admin(
    client, visitor, hostless_space
):
    visitor.post("/spazi/senza-host/", visit())
    link = re.search(r"https?://\S+/admin/\S+", mail.outbox[0].body).group(0)
    assert link.startswith(settings.SITE_URL)
    client.force_login(get_user_model().objects.get(username="redazione"))
    response = client.get(link.removeprefix(settings.SITE_URL))
    assert (
        response.status_code == 200 and "Vorrei provare una giornata." in response.content.decode()
    )
