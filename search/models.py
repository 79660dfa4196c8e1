"""The transactional outbox: one row per change that affects search, written in the change's
own transaction, removed by the worker only once the engine acknowledged the update."""

from django.db import models


class IndexUpdate(models.Model):
    KINDS = [
        ("page", "page"),  # a Wagtail page (space or news); re-read by id, deleted if gone/hidden
        ("thread", "thread"),  # a machina topic with its approved posts
        ("forum", "forum"),  # every thread of a forum (rename, move, permission change)
        ("person", "person"),  # a people.Profile; indexed only while public
    ]
    kind = models.CharField(max_length=10, choices=KINDS)
    object_id = models.PositiveBigIntegerField()
    created = models.DateTimeField(auto_now_add=True)
    # Set while a rebuild runs: the update was applied to the live index but must be replayed
    # into the index being built before the swap, so it is kept until the rebuild ends.
    applied = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["kind", "object_id"])]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"


class RebuildMarker(models.Model):
    """Present while a rebuild runs; `floor` is the last update id the rebuild's read covers."""

    floor = models.PositiveBigIntegerField(default=0)
    started = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"rebuild since {self.floor}"


class IndexBuild(models.Model):
    """The index this site built, per engine: the one it serves must carry `build` (or
    `next_build`, the build a running rebuild is about to switch to). An old copy, a staging
    copy or another site's index carries another build: an error until the documented rebuild.
    No row: the site has not rebuilt since builds were recorded (only an index without a build
    is its own)."""

    engine = models.CharField(max_length=40, unique=True)
    build = models.CharField(max_length=40, blank=True)
    next_build = models.CharField(max_length=40, blank=True)
    switched = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.engine} build {self.build or '-'}"
