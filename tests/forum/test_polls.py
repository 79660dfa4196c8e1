"""Polls: a duration no calendar can hold is a form error, and nothing of the topic is saved."""

import pytest
from django.urls import reverse
from django.utils import timezone
from machina.core.db.models import get_model

from .conftest import post_topic, topic_url
from .factories import TopicFactory

Topic = get_model("forum_conversation", "Topic")
TopicPoll = get_model("forum_polls", "TopicPoll")
TopicPollOption = get_model("forum_polls", "TopicPollOption")


def _poll(duration):
    return {
        "poll_question": "Quando ci vediamo?",
        "poll_max_options": "1",
        "poll_duration": str(duration),
        "poll-TOTAL_FORMS": "2",
        "poll-0-text": "Lunedì",
        "poll-1-text": "Martedì",
    }


@pytest.mark.parametrize("days", [10**6, 2**31, 10**9, 10**20])
def test_a_poll_lasting_past_the_calendar_is_a_form_error_and_nothing_is_saved(
    login, member, board, days
):
    response = post_topic(login(member), board(), "Sondaggio eterno", **_poll(days))
    assert response.status_code == 200  # the form again, with its error
    assert 'name="poll_duration"' in response.content.decode()
    assert not Topic.objects.filter(subject="Sondaggio eterno").exists()
    assert not TopicPoll.objects.exists()


def test_a_ten_day_poll_is_saved_and_shown(login, member, board):
    response = post_topic(login(member), board(), "Sondaggio breve", **_poll(10))
    assert response.status_code == 302
    topic = Topic.objects.get(subject="Sondaggio breve")
    assert topic.poll.duration == 10
    assert login(member).get(topic_url(topic)).status_code == 200


def test_a_topic_whose_stored_poll_ends_past_the_calendar_still_opens(client, login, member):
    topic = TopicFactory(subject="Sondaggio di prima")
    poll = TopicPoll.objects.create(topic=topic, question="Sì o no?", duration=10**9)
    TopicPollOption.objects.create(poll=poll, text="Sì")
    assert poll.created <= timezone.now()
    for viewer in (client, login(member)):
        assert viewer.get(topic_url(topic)).status_code == 200


@pytest.mark.parametrize("max_options, kind", [(1, "radio"), (2, "checkbox")])
def test_a_moderator_sees_a_queued_topics_poll_options_as_one_or_several_choices(
    login, moderator, max_options, kind
):
    topic = TopicFactory(subject="Sondaggio in coda")
    poll = TopicPoll.objects.create(topic=topic, question="Quando?", max_options=max_options)
    TopicPollOption.objects.create(poll=poll, text="Lunedì")
    topic.first_post.approved = False
    topic.first_post.save()
    url = reverse("forum_moderation:queued_post", args=[topic.first_post.pk])
    html = login(moderator).get(url).content.decode()
    assert f'<div class="{kind}">' in html and f'<input type="{kind}" name="options"' in html
