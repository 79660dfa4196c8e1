"""Re-read the current state of what is searchable, as plain documents (one dict per result).

Both engines index these dicts. Only what may be public is produced: live, public, unexpired
pages; approved topics with their approved posts. Threads carry their forum id, checked against
the user's readable forums at query time, and `is_public` (readable by anonymous visitors),
which decides whether their words may feed suggestions and autocomplete for everyone.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from machina.core.db.models import get_model
from wagtail.blocks import RichTextBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Site

from community.models import NewsPage, NewsPageTag, SpacePage, visible
from forum import services as forum_services
from search.space_text import space_body
from search.text import plain, rich_text

log = logging.getLogger(__name__)
Topic = get_model("forum_conversation", "Topic")
Post = get_model("forum_conversation", "Post")
Forum = get_model("forum", "Forum")

MAX_BODY_CHARS = 50_000  # a huge thread is indexed by its first 50k characters
PAGE_MODELS = (SpacePage, NewsPage)


def public_forum_ids() -> set[int]:
    return set(forum_services.readable_forum_ids(AnonymousUser()))


def _text(page, name: str) -> str:
    """Plain text of a page field, whatever the CMS makes of it (rich text, StreamField):
    Wagtail's own get_searchable_content, which renders nothing (no embeds fetched), except
    for rich text, read by text.rich_text (the same text, without Python's HTML parser)."""
    value = getattr(page, name, None)
    if not value:
        return ""
    try:
        field = page._meta.get_field(name)
        if isinstance(field, RichTextField):
            return plain(rich_text(value))
        if isinstance(field, StreamField):
            return plain(" ".join(_stream_text(value)))
        return plain(" ".join(str(p) for p in field.get_searchable_content(value)))
    except Exception:  # a block that cannot be read must not stop indexing the page
        log.exception("search: could not read %s.%s; indexed without it", page.pk, name)
        return ""


def _stream_text(value) -> Iterator[str]:
    for child in value:  # what StreamBlock.get_searchable_content walks
        if isinstance(child.block, RichTextBlock):
            yield rich_text(child.value.source)
        else:
            yield from map(str, child.block.get_searchable_content(child.value))


def page_doc(page) -> dict:
    base = {
        "key": f"page:{page.pk}",
        "object_id": page.pk,
        "title": page.title,
        "url": page.get_url() or page.url_path,
        "forum_id": None,
        "forum": "",
        "is_public": True,
        "expire_at": page.expire_at,  # both engines hide it from then, at query time
    }
    if isinstance(page, SpacePage):
        located = page.latitude is not None and page.longitude is not None
        return base | {
            "kind": "space",
            "body": space_body(page, _text(page, "description")),
            "date": page.last_published_at,
            "city": page.city or "",
            "neighbourhood": page.neighbourhood or "",
            "tags": [],
            "location": (float(page.latitude), float(page.longitude)) if located else None,
            "facets": {"amenity": [a.slug for a in page.amenities.all()]},
        }
    tags = getattr(page, "search_tags", None)  # read in bulk by searchable_pages()
    return base | {
        "kind": "news",
        "body": " ".join(filter(None, [page.intro, _text(page, "body")])),
        "date": page.date,
        "city": "",
        "neighbourhood": "",
        "tags": tags if tags is not None else [t.name for t in page.tags.all()],
        "location": None,
    }


def searchable_pages(ids: Iterable[int] | None = None) -> Iterator:
    roots = Site.get_site_root_paths()
    ids = None if ids is None else list(ids)
    tags = _news_tags(ids)
    for model in PAGE_MODELS:
        qs = visible(model.objects.all())  # what a visitor may see, expiry included
        if model is SpacePage:  # (its sentences: space_text)
            qs = qs.prefetch_related("amenities", "opening_hours")
        if ids is not None:
            qs = qs.filter(pk__in=ids)
        for page in qs.order_by("pk").iterator(chunk_size=500):
            # Wagtail's own per-object cache of the sites' root paths (what get_url(request)
            # fills per request): read once here instead of once per page.
            page._wagtail_cached_site_root_paths = roots
            if model is NewsPage:
                page.search_tags = tags.get(page.pk, [])
            yield page


def _news_tags(ids: list[int] | None) -> dict[int, list[str]]:
    """Each article's tag names, in one query: the tag manager's prefetch built a queryset per
    article (a fifth of a large rebuild's reading)."""
    rows = NewsPageTag.objects.order_by("pk").values_list("content_object_id", "tag__name")
    if ids is not None:
        rows = rows.filter(content_object_id__in=ids)
    names: dict[int, list[str]] = {}
    for page_id, name in rows.iterator(chunk_size=5000):
        names.setdefault(page_id, []).append(name)
    return names


def _hidden_discussions() -> set[int]:
    """Discussion topics a visitor may not see (their article withdrawn, not yet live, expired,
    restricted or deleted: forum's rule, the one the forum pages apply), and those without
    replies."""
    from forum.models import NewsTopic

    hidden = set(forum_services.hidden_topic_ids(AnonymousUser()))
    # A discussion nobody has replied to yet only repeats its article: one result is enough.
    links = NewsTopic.objects.values_list("topic_id", flat=True)
    return hidden | set(links.filter(topic__posts_count__lte=1))


def thread_docs(topic_ids: Iterable[int] | None = None, public: set[int] | None = None):
    """Approved topics of existing forums with their approved posts, read in bulk."""
    public = public_forum_ids() if public is None else public
    hidden = _hidden_discussions()
    topics = Topic.approved_objects.exclude(pk__in=hidden)
    posts = Post.objects.filter(approved=True)
    if topic_ids is not None:
        ids = list(topic_ids)
        topics, posts = topics.filter(pk__in=ids), posts.filter(topic_id__in=ids)
    forums = {f.pk: f for f in Forum.objects.all()}
    # A space's forum lends its threads the space's city and neighbourhood (facets, filters),
    # and its expiry: a thread derived from a page is hidden from the moment the page expires,
    # at query time like the page, not only once the scheduler has run.
    places = {
        pk: (city, hood, expire_at)
        for pk, city, hood, expire_at in SpacePage.objects.filter(
            pk__in=[f.space_page_id for f in forums.values() if f.space_page_id]
        ).values_list("pk", "city", "neighbourhood", "expire_at")
    }
    expiries = _article_expiries(None if topic_ids is None else ids)
    prefixes: dict[int, str] = {}
    # Posts come grouped by topic, topics in the same order: one pass, constant memory.
    post_rows = (
        posts.order_by("topic_id", "created", "pk")
        .values_list("topic_id", "content")
        .iterator(chunk_size=5000)
    )
    pending = next(post_rows, None)
    topic_rows = topics.order_by("pk").values_list(
        "pk", "subject", "slug", "forum_id", "last_post_on", "created"
    )
    for pk, subject, slug, forum_id, last_post_on, created in topic_rows.iterator(chunk_size=2000):
        parts: list[str] = []
        size = 0
        while pending is not None and pending[0] <= pk:
            if pending[0] == pk and size < MAX_BODY_CHARS:
                text = plain(str(pending[1] or ""))
                parts.append(text)
                size += len(text)
            pending = next(post_rows, None)
        forum = forums[forum_id]
        city, hood, space_expiry = places.get(forum.space_page_id, ("", "", None))
        if forum_id not in prefixes:
            url = _topic_url(forum, "x", 1)
            prefixes[forum_id] = url[: url.rindex("x-1/")]
        yield {
            "key": f"thread:{pk}",
            "kind": "thread",
            "object_id": pk,
            "title": subject,
            "body": " ".join(parts)[:MAX_BODY_CHARS],
            "url": f"{prefixes[forum_id]}{slug}-{pk}/",
            "date": last_post_on or created,
            "city": city or "",
            "neighbourhood": hood or "",
            "forum_id": forum_id,
            "forum": forum.name,
            "tags": [],
            "location": None,
            "is_public": forum_id in public,
            "expire_at": expiries.get(pk) or space_expiry,
        }


def _article_expiries(topic_ids: list[int] | None) -> dict[int, datetime]:
    """The expiry of each discussion's article, by topic id (articles with one only)."""
    from forum.models import NewsTopic

    links = NewsTopic.objects.filter(page__expire_at__isnull=False)
    if topic_ids is not None:
        links = links.filter(topic_id__in=topic_ids)
    return dict(links.values_list("topic_id", "page__expire_at"))


def _topic_url(forum, slug: str, pk: int) -> str:
    kwargs = {"forum_slug": forum.slug, "forum_pk": forum.pk, "slug": slug, "pk": pk}
    return reverse("forum_conversation:topic", kwargs=kwargs)


# The audience of documents every signed-in member may read, and nobody else: members-only
# profiles. Written as their forum id (no forum has id 0), so both engines' permission filter
# ("no forum, or a forum the reader may read") applies to them unchanged, and is_public stays
# False: no suggestion, autocomplete or did-you-mean word comes from them. The forum facet is
# counted over threads alone (facets.carries): the audience is never a forum value.
MEMBERS_AUDIENCE = 0


def person_docs(ids: Iterable[int] | None = None) -> Iterator[dict]:
    """People's profiles as searchable as their owners chose (people.services.
    searchable_profiles: hidden ones are never indexed), found by name, skills, tags and bio."""
    from people import services as people_services

    for profile in people_services.searchable_profiles(ids):
        public = profile.visibility == profile.Visibility.PUBLIC
        skills = [s.name for s in profile.skills.all()]
        # Sorted: taggit reads tags with DISTINCT and no order, and PostgreSQL's order depends on
        # the plan: one profile (a drain) and every profile (a rebuild) gave different bodies.
        tags = sorted(t.name for t in profile.tags.all())
        yield {
            "key": f"person:{profile.pk}",
            "kind": "person",
            "object_id": profile.pk,
            "title": profile.name,
            "body": plain(" ".join([*skills, *tags, profile.bio])),
            "url": people_services.profile_url(profile),
            "date": None,
            "city": "",
            "neighbourhood": "",
            "forum_id": None if public else MEMBERS_AUDIENCE,
            "forum": "",
            "tags": skills,
            "location": None,
            "is_public": public,
            "expire_at": None,
            "facets": {"skill": [s.slug for s in profile.skills.all()]},
        }


def amenity_labels() -> dict[str, str]:
    """The amenity facet's vocabulary: slug → name in the active language."""
    from community.models import Amenity

    return {a.slug: a.label for a in Amenity.objects.all()}


def skill_labels() -> dict[str, str]:
    """The skill facet's vocabulary: slug → name."""
    from people.models import Skill

    return dict(Skill.objects.values_list("slug", "name"))


def all_docs() -> Iterator[dict]:
    for page in searchable_pages():
        yield page_doc(page.specific if type(page) not in PAGE_MODELS else page)
    yield from thread_docs()
    yield from person_docs()


def counts() -> dict[str, int]:
    """Searchable documents per kind in the database (for `search_index status`)."""
    return {
        "space": visible(SpacePage.objects.all()).count(),
        "news": visible(NewsPage.objects.all()).count(),
        "thread": Topic.approved_objects.exclude(pk__in=_hidden_discussions()).count(),
        "person": sum(1 for _ in person_docs()),
    }


def indexed_posts() -> int:
    """Approved posts in the threads search indexes (a thread's body stops at MAX_BODY_CHARS)."""
    return (
        Post.objects.filter(approved=True, topic__approved=True)
        .exclude(topic_id__in=_hidden_discussions())
        .count()
    )


def resolve(updates: Iterable[tuple[str, int]]) -> tuple[list[dict], list[str]]:
    """Outbox entries → (documents to write, keys to delete), from the current state."""
    docs, gone = [], []
    for batch_docs, batch_gone in resolve_batches(updates, None):
        docs += batch_docs
        gone += batch_gone
    return docs, gone


def _affected(updates: Iterable[tuple[str, int]]) -> tuple[set[int], set[int]]:
    """The page and topic ids whose documents outbox entries may change."""
    page_ids, topic_ids = set(), set()
    for kind, object_id in updates:
        if kind == "page":
            page_ids.add(object_id)
        elif kind == "thread":
            topic_ids.add(object_id)
        elif kind == "forum":
            topic_ids.update(Topic.objects.filter(forum_id=object_id).values_list("pk", flat=True))
    if page_ids:  # an article's discussion thread follows its article's visibility
        from forum.models import NewsTopic

        topic_ids.update(
            NewsTopic.objects.filter(page_id__in=page_ids).values_list("topic_id", flat=True)
        )
        # A space's forum threads carry its city: a renamed or moved space refreshes them.
        topic_ids.update(
            Topic.objects.filter(forum__space_page_id__in=page_ids).values_list("pk", flat=True)
        )
    return page_ids, topic_ids


def resolve_batches(
    updates: Iterable[tuple[str, int]], size: int | None
) -> Iterator[tuple[list[dict], list[str]]]:
    """resolve() by at most `size` pages or threads at a time (None: all at once)."""
    updates = list(updates)
    page_ids, topic_ids = _affected(updates)
    person_ids = sorted({object_id for kind, object_id in updates if kind == "person"})
    public = public_forum_ids() if topic_ids else set()
    for kind, ids in (("page", sorted(page_ids)), ("thread", sorted(topic_ids))):
        step = size or len(ids) or 1
        for i in range(0, len(ids), step):
            chunk = ids[i : i + step]
            if kind == "page":
                docs = [page_doc(p) for p in searchable_pages(chunk)]
            else:
                docs = list(thread_docs(chunk, public))
            found = {d["key"] for d in docs}
            yield docs, sorted({f"{kind}:{pk}" for pk in chunk} - found)
    for i in range(0, len(person_ids), size or len(person_ids) or 1):
        chunk = person_ids[i : i + (size or len(person_ids))]
        docs = list(person_docs(chunk))
        found = {d["key"] for d in docs}
        yield docs, sorted({f"person:{pk}" for pk in chunk} - found)
