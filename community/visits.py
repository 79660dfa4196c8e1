"""Visit requests: a visitor's "book a visit" message to a space, read by its hosts in the admin."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet


class VisitRequest(models.Model):
    """A visitor's "book a visit" message to a space; its hosts and editors read it in the admin."""

    space = models.ForeignKey(
        "community.SpacePage",
        on_delete=models.CASCADE,
        related_name="visit_requests",
        verbose_name=_("space"),
    )
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("email"))
    message = models.TextField(_("message"), max_length=3000)
    preferred_date = models.DateField(_("preferred date"), null=True, blank=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)

    panels = [
        FieldPanel("space", read_only=True),
        FieldPanel("name", read_only=True),
        FieldPanel("email", read_only=True),
        FieldPanel("preferred_date", read_only=True),
        FieldPanel("message", read_only=True),
    ]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("visit request")
        verbose_name_plural = _("visit requests")

    def __str__(self) -> str:
        return f"{self.name} → {self.space.title}"


register_snippet(VisitRequest, viewset="community.snippets.VisitRequestViewSet")
