"""machina's views are overridden the documented way: its URLs reach ours through `get_class`."""

import pytest
from django.urls import resolve
from machina.core.loading import get_class

from forum.forum_conversation import views as conversation_views
from forum.forum_member import views as member_views
from forum.forum_tracking import views as tracking_views

from .conftest import topic_url
from .factories import TopicFactory


@pytest.mark.parametrize(
    "url, module, name",
    [
        ("/forum/tracking/mark/forum/1/topics/", tracking_views, "MarkTopicsReadView"),
        ("/forum/member/profile/1/posts/", member_views, "UserPostsView"),
        ("/forum/forum/f-1/topic/t-2/", conversation_views, "TopicView"),
        ("/forum/forum/f-1/topic/create/", conversation_views, "TopicCreateView"),
        ("/forum/forum/f-1/topic/t-2/update/", conversation_views, "TopicUpdateView"),
        ("/forum/forum/f-1/topic/t-2/post/create/", conversation_views, "PostCreateView"),
        ("/forum/forum/f-1/topic/t-2/3/post/update/", conversation_views, "PostUpdateView"),
    ],
)
def test_machinas_urls_lead_to_our_override(url, module, name):
    label = module.__name__.removeprefix("forum.")
    assert get_class(label, name) is getattr(module, name)
    assert resolve(url).func.view_class is getattr(module, name)


@pytest.mark.parametrize("post", ["²", "abc", str(2**64), "0"])
def test_a_topic_url_whose_post_parameter_is_no_id_still_opens(client, db, post):
    response = client.get(topic_url(TopicFactory(subject="Una discussione")) + f"?post={post}")
    assert response.status_code == 200
    assert "Una discussione" in response.content.decode()


def test_the_get_permission_tag_answers_through_the_handler_and_refuses_other_names(rf, db):
    from django.contrib.auth.models import AnonymousUser
    from django.template import Context, Template, TemplateSyntaxError

    request = rf.get("/")
    request.forum_permission_handler = get_class("forum_permission.handler", "PermissionHandler")()
    source = (
        "{% load forum_permission_tags %}{% get_permission NAME topic.forum user as ok %}{{ ok }}"
    )
    context = Context({"request": request, "topic": TopicFactory(), "user": AnonymousUser()})
    assert Template(source.replace("NAME", "'can_read_forum'")).render(context) == "True"
    with pytest.raises(TemplateSyntaxError, match="Only the following methods"):
        Template(source.replace("NAME", "'_get_checker'")).render(context)
