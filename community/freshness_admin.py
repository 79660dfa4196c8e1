"""Wagtail admin report "Spaces to check": spaces not confirmed for 180 days or reported outdated
since (with how many reports) that the user can edit (hosts see theirs, editors and moderators
all), with a one-click confirm."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.views.reports import PageReportView
from wagtail.models import Page
from wagtail.permissions import policy_registry

from community import freshness


class StaleSpacesReportView(PageReportView):
    results_template_name = "community/freshness/stale_spaces_results.html"
    page_title = _("Spaces to check")
    header_icon = "warning"
    index_url_name = "community_stale_spaces"
    index_results_url_name = "community_stale_spaces_results"
    any_permission_required = ["add", "change", "publish"]
    list_export = ["title", "last_confirmed", "url"]

    def get_queryset(self):
        return stale_spaces_for(self.request.user)

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["stale_after_days"] = freshness.STALE_AFTER.days
        return context


class StaleSpacesMenuItem(MenuItem):
    def is_shown(self, request):
        return policy_registry.get_by_type(Page).user_has_any_permission(
            request.user, ["add", "change", "publish"]
        )


def stale_spaces_for(user):
    """Spaces to check (stale, or reported outdated, with the reports' count) this user may
    edit (hosts: theirs; editors of spaces, moderators: all)."""
    policy = policy_registry.get_by_type(Page)
    editable = policy.instances_user_has_permission_for(user, "change")
    return freshness.spaces_to_check().filter(pk__in=editable.values("pk"))


class StaleSpacesPanel(Component):
    """Dashboard panel: the first few spaces waiting for a data check."""

    name = "stale_spaces"
    template_name = "community/freshness/stale_spaces_panel.html"
    order = 90  # above Wagtail's own panels: it asks for an action
    shown = 5

    def __init__(self, spaces):
        self.spaces = spaces

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["spaces"] = self.spaces[: self.shown]
        context["total"] = len(self.spaces)
        context["request"] = parent_context["request"]
        context["csrf_token"] = parent_context["csrf_token"]
        return context
