from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PendingEmailConfirmation(models.Model):
    """A member who signed up and has not yet opened the confirmation link.

    The row's presence is what withholds posting: accounts made any other way (existing ones,
    the demo, the admin, createsuperuser) never get one and so post as before.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pending_confirmation"
    )
    email = models.EmailField(_("email"))
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("email awaiting confirmation")
        verbose_name_plural = _("emails awaiting confirmation")

    def __str__(self) -> str:
        return f"{self.user} <{self.email}>"
