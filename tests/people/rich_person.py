"""A person who has left a unique token in every field they could write, and where each went."""

from __future__ import annotations

import io

from django.core.files.base import ContentFile
from machina.core.db.models import get_model
from PIL import Image

from community.models import VisitRequest
from people.models import Profile, Skill
from tests.forum.factories import PostFactory, TopicFactory, UserFactory

ForumProfile = get_model("forum_member", "ForumProfile")
Attachment = get_model("forum_attachments", "Attachment")
TopicPoll = get_model("forum_polls", "TopicPoll")
TopicPollOption = get_model("forum_polls", "TopicPollOption")
TopicPollVote = get_model("forum_polls", "TopicPollVote")
TopicReadTrack = get_model("forum_tracking", "TopicReadTrack")

# Tokens the erasure removes from every surface.
ERASED = {
    "username": "zqxuser",
    "email": "zqxmail@example.org",
    "first_name": "Zqxfirst",
    "display_name": "Zqxdisplay",
    "bio": "zqxbio",
    "tag": "zqxtag",
    "link": "https://zqxlink.example.org/",
    "signature": "zqxsignature",
    "visit_name": "Zqxvisitor",
    "visit_message": "zqxvisitmessage",
    "waiting_post": "zqxwaiting",
}
# Tokens the policy keeps (published posts, under the pseudonym; revisions, without the name).
KEPT = {"subject": "zqxsubject", "post": "zqxpostbody", "revision": "zqxrevision"}


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    return buffer.getvalue()


def make_rich_person(space):
    t = ERASED
    user = UserFactory(username=t["username"], email=t["email"], first_name=t["first_name"])
    profile = Profile.objects.create(
        user=user,
        visibility="public",
        display_name=t["display_name"],
        bio=t["bio"],
        links=t["link"],
        open_to_events=True,
    )
    profile.tags.add(t["tag"])
    profile.skills.add(Skill.objects.create(name="Liuteria", slug="liuteria"))
    forum_profile, _ = ForumProfile.objects.update_or_create(
        user=user, defaults={"home_space": space, "signature": t["signature"]}
    )
    forum_profile.avatar.save("ritratto.png", ContentFile(_png()))
    topic = TopicFactory(poster=user, subject=KEPT["subject"])
    post = PostFactory(topic=topic, poster=user, content=KEPT["post"], enable_signature=True)
    Attachment.objects.create(post=post, file=ContentFile(b"zqxfile", name="nota.txt"))
    PostFactory(topic=topic, poster=user, content=t["waiting_post"], approved=False)
    poll = TopicPoll.objects.create(topic=topic, question="Quando?")
    option = TopicPollOption.objects.create(poll=poll, text="Martedì")
    TopicPollVote.objects.create(poll_option=option, voter=user)
    topic.subscribers.add(user)
    TopicReadTrack.objects.create(user=user, topic=topic)
    VisitRequest.objects.create(
        space=space, name=t["visit_name"], email=t["email"].upper(), message=t["visit_message"]
    )
    space.tagline = KEPT["revision"]
    space.save_revision(user=user)
    profile.topic = topic
    return profile
