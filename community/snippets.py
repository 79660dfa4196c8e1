"""Visit requests in the admin: editors see all of them, a space's hosts read only their own."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views.snippets import InspectView, SnippetViewSet

from community.models import VisitRequest


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


register_permission_policy(VisitRequest, VisitRequestPermissionPolicy(VisitRequest))


class VisitRequestInspectView(InspectView):
    def get_object(self, queryset=None):
        # Only requests this user may read: another space's request is a 404, not a peek.
        allowed = self.permission_policy.instances_user_has_any_permission_for(
            self.request.user, ["view"]
        )
        return get_object_or_404(allowed, pk=self.pk)


class VisitRequestViewSet(SnippetViewSet):
    model = VisitRequest
    icon = "mail"
    menu_label = _("Visit requests")
    add_to_admin_menu = True
    inspect_view_enabled = True
    inspect_view_class = VisitRequestInspectView
    list_display = ["name", "space", "preferred_date", "created_at"]
    list_filter = ["space"]

    def get_queryset(self, request):
        qs = VisitRequest.objects.select_related("space")
        return qs & self.permission_policy.instances_user_has_any_permission_for(
            request.user, ["view"]
        )
