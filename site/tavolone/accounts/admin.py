from django.contrib import admin

from tavolone.accounts.models import PendingEmailConfirmation


@admin.register(PendingEmailConfirmation)
class PendingEmailConfirmationAdmin(admin.ModelAdmin):
    """Deleting a row confirms that member's address by hand (they may then post)."""

    list_display = ("user", "email", "created")
    search_fields = ("user__username", "email")
    readonly_fields = ("user", "email", "created")

    def has_add_permission(self, request) -> bool:
        return False
