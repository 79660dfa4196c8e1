"""Our few forum views: unsubscribe by signed link, machina's search sent to the unified search,
machina's index with its last posts read in one query, and machina's forum view without the
topics derived from pages the user may not see."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import require_http_methods
from machina.apps.forum.views import ForumView as MachinaForumView
from machina.apps.forum.views import IndexView as MachinaIndexView
from machina.core.db.models import get_model
from machina.core.loading import get_class

from forum import derived, notifications

Forum = get_model("forum", "Forum")
ForumVisibilityContentTree = get_class("forum.visibility", "ForumVisibilityContentTree")


class IndexView(MachinaIndexView):
    """machina's forum index (found by its `get_class("forum.views", "IndexView")`), with each
    forum's last post, its topic and poster read in the same query instead of one per forum."""

    def get_queryset(self):
        forums = Forum.objects.select_related("last_post__topic", "last_post__poster")
        handler = self.request.forum_permission_handler
        user = self.request.user
        forums = handler.forum_list_filter(forums, user)
        return ForumVisibilityContentTree.from_forums(
            derived.without_hidden_last_posts(forums, user, handler.viewer(user))
        )


class ForumView(MachinaForumView):
    """machina's forum page: its topics and announcements only where the user may see the page
    they were derived from (a news article's discussion)."""

    def get_queryset(self):
        viewer = self.request.forum_permission_handler.viewer(self.request.user)
        return derived.visible_topics(super().get_queryset(), self.request.user, viewer)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        viewer = self.request.forum_permission_handler.viewer(user)
        # The sub-forums' tree reads its last posts lazily from these forums: fix them in place.
        derived.without_hidden_last_posts(context["sub_forums"].forums, user, viewer)
        if context["announces"]:
            hidden = set(derived.hidden_topic_ids(user, viewer).values_list("topic_id"))
            context["announces"] = [t for t in context["announces"] if (t.pk,) not in hidden]
        return context


@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks (mail scanners follow links), POST unsubscribes; no sign-in needed."""
    parsed = notifications.read_unsubscribe_token(token)
    if parsed is None:
        return render(request, "forum/unsubscribe.html", {"invalid": True}, status=400)
    if request.method == "POST":
        topic = notifications.unsubscribe(token)
        return render(
            request,
            "forum/unsubscribe.html",
            {"done": True, "subscription_topic": topic},
            status=200,
        )
    return render(request, "forum/unsubscribe.html", {"token": token})


def search_redirect(request: HttpRequest) -> HttpResponse:
    """machina's search box and URLs lead to the unified search, restricted to threads."""
    params = {"kind": "thread"}
    query = request.GET.get("q", "").strip()
    if query:
        params["q"] = query
    forums = request.GET.getlist("search_forums")
    if len(forums) == 1 and forums[0].isdigit():
        params["forum"] = forums[0]
    return HttpResponseRedirect("/cerca/?" + urlencode(params))
