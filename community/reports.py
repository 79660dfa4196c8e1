"""Visitors' "this information is outdated" reports, grouped: one row per space per window."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutdatedReport(models.Model):
    """The outdated-information reports of one space within a window (community/freshness.py):
    the first one emails the hosts and editors, the next ones only raise `count`. `reporters`
    holds keyed hashes of the reporters' addresses (never the addresses): one count each."""

    space = models.ForeignKey(
        "community.SpacePage",
        on_delete=models.CASCADE,
        related_name="outdated_reports",
        verbose_name=_("space"),
    )
    opened_at = models.DateTimeField(_("first reported"), auto_now_add=True, db_index=True)
    last_at = models.DateTimeField(_("last reported"), auto_now=True)
    count = models.PositiveIntegerField(_("reports"), default=1)
    reporters = models.JSONField(default=list)
    messages = models.TextField(_("messages"), blank=True)
    # The data was confirmed since: no longer counted; a new report opens a new group.
    resolved = models.BooleanField(_("resolved"), default=False)

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("outdated information report")
        verbose_name_plural = _("outdated information reports")

    def __str__(self) -> str:
        return f"{self.count} × {self.space_id}"
