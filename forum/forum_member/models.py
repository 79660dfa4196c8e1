# machina's override mechanism: declare custom models above this import, then pull in the rest.
from django.db import models
from django.utils.translation import gettext_lazy as _
from machina.apps.forum_member.abstract_models import (
    AbstractForumProfile,
    get_profile_avatar_upload_to,
)
from machina.conf import settings as machina_settings

from forum.forum_member.fields import BoundedAvatarField


class ForumProfile(AbstractForumProfile):
    # machina's avatar, refused by its dimensions before it is decoded and resized.
    avatar = BoundedAvatarField(
        null=True,
        blank=True,
        upload_to=get_profile_avatar_upload_to,
        verbose_name=_("Avatar"),
        **machina_settings.DEFAULT_AVATAR_SETTINGS,
    )
    # The coworker's home space: shown on their forum profile, linking to its page.
    home_space = models.ForeignKey(
        "community.SpacePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"live": True},
        verbose_name=_("home space"),
    )

    class Meta(AbstractForumProfile.Meta):
        app_label = "forum_member"


from machina.apps.forum_member.models import *  # noqa: E402, F403
