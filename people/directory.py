"""The coworker directory: visible profiles, filtered by words (name, bio, skills, tags),
skill, home space and what they are open to. Filters combine (all of them must hold) and live
in the query string, so a filtered list is a link one can share."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.db.models import Prefetch, Q
from django.http import HttpRequest

from community.services import paginate, visible_spaces
from people import services
from people.models import OPEN_TO, Profile, Skill

PER_PAGE = 24


def _ints(values: list[str]) -> list[int]:
    return [int(v) for v in values if v.isascii() and v.isdigit() and 0 < int(v) < 2**31]


def directory(request: HttpRequest) -> dict[str, Any]:
    """Context for the directory page: the filtered, paginated profiles and the filter form."""
    params = request.GET
    skills = Skill.objects.all()
    chosen_skills = [s for s in params.getlist("skill")[:10] if s][:10]
    spaces = list(visible_spaces().order_by("title").only("pk", "title", "url_path"))
    space_ids = {s.pk for s in spaces}
    chosen_space = next(iter(i for i in _ints(params.getlist("space")[:1]) if i in space_ids), None)
    open_keys = {key for key, _label in OPEN_TO}
    chosen_open = [o for o in params.getlist("open")[:3] if o in open_keys]
    words = " ".join(params.get("q", "").replace("\x00", "").split())[:100]

    # The person's own profile too, whatever its level (privacy.md: its owner always sees it):
    # a hidden person following one of their own skills finds themselves, marked as such.
    profiles = services.visible_profiles(request.user, include_own=True)
    for slug in chosen_skills:
        profiles = profiles.filter(skills__slug=slug)
    if chosen_space:
        profiles = profiles.filter(user__forum_profile__home_space_id=chosen_space)
    for key in chosen_open:
        profiles = profiles.filter(**{f"open_to_{key}": True})
    for word in words.split()[:5]:  # every word, in the name, bio, a skill or a tag
        profiles = profiles.filter(
            Q(display_name__icontains=word)
            | Q(bio__icontains=word)
            | Q(skills__name__icontains=word)
            | Q(tags__name__icontains=word)
        )
    profiles = (
        profiles.select_related("user", "user__forum_profile", "user__forum_profile__home_space")
        .prefetch_related(Prefetch("skills", queryset=skills), "tags")
        .distinct()
        .order_by("display_name", "user__username")
    )
    query = urlencode(
        ([("q", words)] if words else [])
        + [("skill", s) for s in chosen_skills]
        + ([("space", chosen_space)] if chosen_space else [])
        + [("open", o) for o in chosen_open]
    )
    page, problem = paginate(profiles, request, PER_PAGE)
    return {
        "profiles": page,
        "problems": [problem] if problem else [],
        "skills": skills,
        "spaces": spaces,
        "open_to": OPEN_TO,
        "chosen": {"q": words, "skill": chosen_skills, "space": chosen_space, "open": chosen_open},
        "filter_query": query,
    }


def space_coworkers(space_id: int, reader) -> list[Profile]:
    """The coworkers whose home space this is and whose profile `reader` may see."""
    return list(
        services.visible_profiles(reader)
        .filter(user__forum_profile__home_space_id=space_id)
        .select_related("user", "user__forum_profile")
        .order_by("display_name", "user__username")[:48]
    )
