"""A topic page's posts and breadcrumb, each rendered once and kept in the configured cache
(CACHE_URL: Redis in production, the process's memory by default).

Rendering the posts (card, byline, body, poster's card, dates, translated strings) was two
thirds of an uncached topic view. What a post's card shows depends on the post, its poster, the
language and, of the reader, only on what its key holds:

- whether the reader is signed in (and active) or the poster themself: the poster's person
  link follows the profile's visibility (people.services: owner, members, everyone);
- whether the reader may download the forum's attachments.

The reader's own buttons (edit, delete) are rendered on every view, outside the stored card.
Which posts a reader sees (the waiting ones) is decided before, by the view's queryset.

Fragments are stored under the generations of the tags that purge the topic's stored pages
(tavolone.pagecache), read before the rows they show: every event that purges the topic page
(a post edited, approved, deleted, moved; the topic changed; a profile's visibility, a member's
name, avatar or signature; permissions, forums, moves: GLOBAL) makes them another key; a
poster's count of posts, moved by their posts on other topics, is in each card's key by the
generation of the poster's tag. SITE_CACHE_DATA=0 keeps nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.cache import caches
from django.db.models import prefetch_related_objects
from django.template import Context
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from machina.core.db.models import get_model

from tavolone.pagecache import fragments as stored
from tavolone.pagecache.declared import poster
from tavolone.pagecache.tags import generations

Post = get_model("forum_conversation", "Post")

CARD = "forum_conversation/partials/topic_post_card.html"
CONTROLS = "forum_conversation/partials/post_controls.html"
BREADCRUMB = "partials/breadcrumb.html"
# Where the reader's buttons go in a stored card: before anything a member wrote (only the
# post's id precedes it), so splitting at the first one is safe.
CONTROLS_MARK = "<!--tv:post-controls-->"
SECONDS = 60  # a stored topic page's s-maxage (pagecache/policy.py)


def cache_version(topic_id: int) -> str | None:
    """What the fragments of topic `topic_id` are stored under now (None: keep nothing). Read
    it before reading the topic and its posts: a change committed meanwhile is then stored
    under the old version, which is never read again."""
    return stored.version(f"topic:{topic_id}")


def _store():
    return caches["default"]


def _render(template, context: Context, **values) -> str:
    with context.push(**values):
        return template.render(context)


def _reader_kind(post, user) -> str:
    # people.services.can_see: the owner sees their profile; active members see members-only
    # ones; everyone else public ones only.
    if not user.is_authenticated:
        return "anon"
    if post.poster_id == user.pk:
        return "self"
    return "member" if user.is_active else "inactive"


def _full(posts: Sequence, topic) -> dict[int, object]:
    """`posts` again with what their cards show: two queries, whatever their number."""
    fetched = (
        Post.objects.filter(pk__in=[post.pk for post in posts])
        .select_related("poster__forum_profile", "poster__person", "updated_by")
        .prefetch_related("attachments")
    )
    for post in fetched:
        post.topic = topic  # (attachments ask for its forum)
    return {post.pk: post for post in fetched}


def cards(posts: Sequence, context: Context) -> list[tuple[object, SafeString]]:
    """Each of `posts` (of the context's topic) with its card, as the reader sees it."""
    request, topic, forum = context["request"], context["topic"], context["forum"]
    user, handler = request.user, request.forum_permission_handler
    version = context.get("topic_fragments_version")
    downloads = int(bool(handler.can_download_files(forum, user)))
    # A card shows its poster's count of posts, moved by their posts on other topics: their
    # tags' generations, read before the profiles are (_full).
    posters = {post.poster_id for post in posts if post.poster_id} if version is not None else ()
    counts = generations(poster(pk) for pk in posters) if posters else {}
    keys = {
        post.pk: f"tv:postcard:{post.pk}:{version}:{get_language()}:"
        f"{_reader_kind(post, user)}:{downloads}:{counts.get(poster(post.poster_id or 0), 0)}"
        for post in posts
    }
    found = _store().get_many(list(keys.values())) if version is not None else {}
    missing = [post for post in posts if keys[post.pk] not in found]
    if missing:
        card = context.template.engine.get_template(CARD)
        full = _full(missing, topic)
        rendered = {}
        for post in missing:
            html = _render(card, context, post=full[post.pk], controls=mark_safe(CONTROLS_MARK))
            rendered[keys[post.pk]] = found[keys[post.pk]] = tuple(html.split(CONTROLS_MARK, 1))
        if version is not None:
            _store().set_many(rendered, timeout=stored.lifetime(SECONDS))
    if user.is_authenticated:
        prefetch_related_objects(list(posts), "poster")  # (machina compares post.poster == user)
    out = []
    for post in posts:
        before, after = found[keys[post.pk]]
        out.append((post, mark_safe(before + _controls(post, context) + after)))  # noqa: S308
    return out


def _controls(post, context: Context) -> str:
    """The reader's own buttons on `post` (edit, delete): none for most readers."""
    request = context["request"]
    handler, user = request.forum_permission_handler, request.user
    can_edit, can_delete = handler.can_edit_post(post, user), handler.can_delete_post(post, user)
    if not (can_edit or can_delete):
        return ""
    template = context.template.engine.get_template(CONTROLS)
    return _render(
        template, context, post=post, user_can_edit_post=can_edit, user_can_delete_post=can_delete
    )


def breadcrumb(context: Context) -> SafeString:
    """The topic page's breadcrumb (forums above it, its space page while published): the
    same for every reader of the topic."""
    topic, forum = context["topic"], context["forum"]
    version = context.get("topic_fragments_version")
    template = context.template.engine.get_template(BREADCRUMB)
    if version is None:
        return mark_safe(_render(template, context))  # noqa: S308 (a template's output)
    # The space page's link follows its publication (its own tag), read before the page is.
    space = stored.version(f"page:{forum.space_page_id}") if forum.space_page_id else ""
    key = f"tv:topiccrumbs:{topic.pk}:{version}:{space}:{get_language()}"
    html = _store().get(key)
    if html is None:
        html = _render(template, context)
        _store().set(key, html, timeout=stored.lifetime(SECONDS))
    return mark_safe(html)  # noqa: S308 (a template's output)
