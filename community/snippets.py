"""Visit requests in the admin: editors see all of them, a space's hosts read only their own.

One rule, `readable_visit_requests`, scopes every view that shows requests: the list and its
exports, inspect, and the chooser (its list, search results and chosen items). Add, edit and copy
are refused to everyone by the permission policy; delete, history and usage to hosts.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
)
from wagtail.snippets.views.snippets import InspectView, SnippetViewSet

from community.visits import VisitRequest
from tavolone.urlids import parse_id


def _is_host(user) -> bool:
    return user.is_active and user.is_authenticated and user.hosted_spaces.exists()


class VisitRequestPermissionPolicy(ModelPermissionPolicy):
    """Nobody adds or edits requests in the admin (visitors send them); hosts only read theirs."""

    def user_has_permission(self, user, action):
        if action in ("add", "change"):
            return False
        return super().user_has_permission(user, action) or (action == "view" and _is_host(user))

    def user_has_permission_for_instance(self, user, action, instance):
        if action in ("add", "change"):
            return False
        if super().user_has_permission(user, action):
            return True
        return action == "view" and instance.space.hosts.filter(pk=user.pk).exists()

    def instances_user_has_any_permission_for(self, user, actions) -> QuerySet:
        if any(
            super(VisitRequestPermissionPolicy, self).user_has_permission(user, a) for a in actions
        ):
            return VisitRequest.objects.all()
        if "view" in actions:
            return VisitRequest.objects.filter(space__hosts=user)
        return VisitRequest.objects.none()


policy = VisitRequestPermissionPolicy(VisitRequest)
register_permission_policy(VisitRequest, policy)


def readable_visit_requests(user) -> QuerySet:
    """The requests `user` may read: all for editors, their own spaces' for hosts."""
    return policy.instances_user_has_any_permission_for(user, ["view"]).select_related("space")


class VisitRequestInspectView(InspectView):
    def get_object(self, queryset=None):
        # Only requests this user may read: another space's request is a 404, not a peek.
        return get_object_or_404(readable_visit_requests(self.request.user), pk=self.pk)


class ReadableListMixin:
    def get_object_list(self):
        return readable_visit_requests(self.request.user)


class VisitRequestChooseView(ReadableListMixin, ChooseView):
    pass


class VisitRequestChooseResultsView(ReadableListMixin, ChooseResultsView):
    pass


class VisitRequestChosenView(SnippetChosenView):
    def get_object(self, pk):
        return readable_visit_requests(self.request.user).get(pk=parse_id(pk) or 0)


class VisitRequestChosenMultipleView(SnippetChosenMultipleView):
    def get_objects(self, pks):
        ids = [parse_id(pk) for pk in pks]  # ?id=abc: a 404, not a server error
        return readable_visit_requests(self.request.user).filter(pk__in=[i for i in ids if i])


class VisitRequestChooserViewSet(SnippetChooserViewSet):
    choose_view_class = VisitRequestChooseView
    choose_results_view_class = VisitRequestChooseResultsView
    chosen_view_class = VisitRequestChosenView
    chosen_multiple_view_class = VisitRequestChosenMultipleView


class VisitRequestViewSet(SnippetViewSet):
    model = VisitRequest
    icon = "mail"
    menu_label = _("Visit requests")
    add_to_admin_menu = True
    inspect_view_enabled = True
    inspect_view_class = VisitRequestInspectView
    chooser_viewset_class = VisitRequestChooserViewSet
    list_display = ["name", "space", "preferred_date", "created_at"]
    list_filter = ["space"]

    def get_queryset(self, request):
        return readable_visit_requests(request.user)
