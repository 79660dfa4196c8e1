"""Wagtail admin report "Spaces to check": spaces not confirmed for 180 days that the user can
edit (hosts see theirs, editors and moderators all), with a one-click confirm."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
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
        editable = self.permission_policy.instances_user_has_permission_for(
            self.request.user, "change"
        )
        return freshness.stale_spaces().filter(pk__in=editable.values("pk"))

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["stale_after_days"] = freshness.STALE_AFTER.days
        return context


class StaleSpacesMenuItem(MenuItem):
    def is_shown(self, request):
        return policy_registry.get_by_type(Page).user_has_any_permission(
            request.user, ["add", "change", "publish"]
        )
