"""Factories for forum tests: users in roles, topics and posts (machina models)."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from machina.core.db.models import get_model

Forum = get_model("forum", "Forum")
Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")

PASSWORD = "pw-forum-tests-1"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"member{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        for name in extracted or ():
            self.groups.add(Group.objects.get_or_create(name=name)[0])
        self.save()


class TopicFactory(factory.django.DjangoModelFactory):
    """An approved topic with its first post (machina keeps both in step)."""

    class Meta:
        model = Topic
        skip_postgeneration_save = True  # the first post already updated the topic

    forum = factory.LazyFunction(lambda: Forum.objects.get(board_key="bacheca"))
    poster = factory.SubFactory(UserFactory)
    subject = factory.Sequence(lambda n: f"Discussione {n}")
    type = Topic.TOPIC_POST
    status = Topic.TOPIC_UNLOCKED
    approved = True

    @factory.post_generation
    def first_post(self, create, extracted, **kwargs):
        PostFactory(topic=self, poster=self.poster, subject=self.subject)


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    topic = factory.SubFactory(TopicFactory)
    poster = factory.SubFactory(UserFactory)
    subject = factory.LazyAttribute(lambda p: f"Re: {p.topic.subject}")
    content = factory.Sequence(lambda n: f"Messaggio numero {n}, con **grassetto**.")
    approved = True
