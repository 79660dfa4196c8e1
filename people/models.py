"""A coworker's profile: who they are, what they can do, and who may see it.

One person, one profile: the photo, the signature and the home space are machina's forum
profile fields (forum_member.ForumProfile), edited on the same page as these (people/forms.py).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase
from wagtail.snippets.models import register_snippet

from tavolone.lib.vocabulary import Term

MAX_LINKS = 5


@register_snippet
class Skill(Term):
    """The controlled vocabulary of skills editors manage (design, accounting, Python…)."""

    class Meta(Term.Meta):
        verbose_name = _("skill")
        verbose_name_plural = _("skills")


class ProfileTag(TaggedItemBase):
    """A free tag a person adds beside the vocabulary's skills."""

    content_object = models.ForeignKey(
        "people.Profile", on_delete=models.CASCADE, related_name="tagged_items"
    )


def validate_links(value: str) -> None:
    lines = [line.strip() for line in value.splitlines() if line.strip()]
    if len(lines) > MAX_LINKS:
        raise ValidationError(_("At most %(n)s links.") % {"n": MAX_LINKS}, code="too_many_links")
    check = URLValidator(schemes=["http", "https"])
    for line in lines:
        check(line)


class Profile(models.Model):
    class Visibility(models.TextChoices):
        HIDDEN = "hidden", _("Hidden: only me")
        MEMBERS = "members", _("Members: signed-in members of the network")
        PUBLIC = "public", _("Public: everyone")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="person"
    )
    visibility = models.CharField(
        _("who may see my profile"),
        max_length=8,
        choices=Visibility.choices,
        default=Visibility.HIDDEN,
        db_index=True,
    )
    display_name = models.CharField(_("display name"), max_length=80, blank=True)
    bio = models.TextField(_("short bio"), max_length=600, blank=True)
    skills = models.ManyToManyField(
        Skill, blank=True, related_name="profiles", verbose_name=_("skills")
    )
    tags = TaggableManager(
        through=ProfileTag,
        blank=True,
        verbose_name=_("other skills"),
        help_text=_("Free tags, separated by commas."),
    )
    open_to_collaborations = models.BooleanField(_("collaborations"), default=False)
    open_to_desk_swaps = models.BooleanField(_("desk swaps"), default=False)
    open_to_events = models.BooleanField(_("events"), default=False)
    links = models.TextField(
        _("links"),
        blank=True,
        max_length=1200,
        validators=[validate_links],
        help_text=_("One web address per line (at most 5)."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.display_name or self.user.get_full_name() or self.user.get_username()

    @property
    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]

    @property
    def open_to(self) -> list[str]:
        return [key for key, _label in OPEN_TO if getattr(self, f"open_to_{key}")]


OPEN_TO = (
    ("collaborations", _("collaborations")),
    ("desk_swaps", _("desk swaps")),
    ("events", _("events")),
)
