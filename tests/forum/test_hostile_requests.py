"""Requests no form would send, found by the hostile corpus (tests/hardening): the form again
with its error, never a server error, and nothing saved."""

import pytest
from django.urls import reverse
from machina.core.db.models import get_model

from .conftest import post_topic

Topic = get_model("forum_conversation", "Topic")


@pytest.mark.parametrize("question", ["Pranzo\x00insieme?", "Pranzo? " * 40])
def test_a_refused_poll_question_shows_the_topic_form_again(login, member, board, question):
    topics = Topic.objects.count()
    response = post_topic(login(member), board(), poll_question=question, poll_duration="2")
    assert response.status_code == 200
    assert "poll_question" in response.context["post_form"].errors
    assert Topic.objects.count() == topics


@pytest.mark.parametrize("space_id", [str(2**63), "9" * 40, "-" + "9" * 30])
def test_a_home_space_id_out_of_range_is_a_form_error(login, member, space_id):
    client = login(member)
    url = reverse("forum_member:profile_update")
    response = client.post(url, {"signature": "", "home_space": space_id})
    assert response.status_code == 200
    assert "home_space" in response.context["form"].errors


@pytest.mark.parametrize("formset", ["attachment", "poll"])
def test_a_topic_claiming_a_huge_formset_is_refused_before_it_is_built(
    login, member, board, formset
):
    topics = Topic.objects.count()
    response = post_topic(login(member), board(), **{f"{formset}-TOTAL_FORMS": "9" * 40})
    assert response.status_code == 400
    assert Topic.objects.count() == topics


def test_a_topic_with_its_usual_formsets_is_still_posted(login, member, board):
    extra = {"attachment-TOTAL_FORMS": "1", "poll-TOTAL_FORMS": "2"}
    assert post_topic(login(member), board(), **extra).status_code == 302
