"""Admin side of roles & freshness: host-scoped page permissions, index pages that get their
roles' permissions when created, the stale-space warning and the "Spaces to check" report."""

from __future__ import annotations

from django.contrib import messages
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.models import AbstractPage
from wagtail.permissions import register_permission_policy

from community import freshness, roles
from community.freshness_admin import (
    StaleSpacesMenuItem,
    StaleSpacesPanel,
    StaleSpacesReportView,
    stale_spaces_for,
)
from community.models import NewsIndexPage, SpaceIndexPage, SpacePage

# Registered first thing, before anything asks the registry for the page policy.
register_permission_policy(AbstractPage, roles.HostScopedPagePermissionPolicy())


@hooks.register("after_create_page")
def give_new_index_pages_their_roles(request, page):
    # A fresh install creates the index pages after the data migration ran.
    if isinstance(page, (NewsIndexPage, SpaceIndexPage)):
        roles.ensure_page_permissions()


@hooks.register("before_edit_page")
def warn_about_stale_space(request, page):
    if request.method == "GET" and isinstance(page, SpacePage) and freshness.is_stale(page):
        if page.last_confirmed:
            text = _("The data of this space was last confirmed on %(day)s: please check it.") % {
                "day": date_format(page.last_confirmed)
            }
        else:
            text = _("The data of this space has never been confirmed: please check it.")
        messages.warning(request, text)


@hooks.register("register_admin_urls")
def register_freshness_urls():
    return [
        path(
            "spazi-da-verificare/", StaleSpacesReportView.as_view(), name="community_stale_spaces"
        ),
        path(
            "spazi-da-verificare/results/",
            StaleSpacesReportView.as_view(results_only=True),
            name="community_stale_spaces_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_stale_spaces_menu_item():
    return StaleSpacesMenuItem(
        gettext_lazy("Spaces to check"),
        reverse("community_stale_spaces"),
        name="stale-spaces",
        icon_name="warning",
        order=650,
    )


@hooks.register("construct_homepage_panels")
def add_stale_spaces_panel(request, panels):
    spaces = list(stale_spaces_for(request.user)[:50])
    if spaces:
        panels.append(StaleSpacesPanel(spaces))
