# machina's override mechanism: declare custom models above this import, then pull in the rest.
from django.db import models
from django.utils.translation import gettext_lazy as _
from machina.apps.forum_member.abstract_models import AbstractForumProfile


class ForumProfile(AbstractForumProfile):
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
