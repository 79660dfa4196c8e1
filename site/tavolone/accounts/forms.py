from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _


class SignUpForm(UserCreationForm):
    email = forms.EmailField(label=_("Email"), help_text=_("Used to reset your password."))

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("An account with this email already exists."))
        return email


class ThrottledAuthenticationForm(AuthenticationForm):
    """The login form, refusing a name after a few wrong passwords from one address for a while.

    Light protection against password guessing: counts live in the cache (shared by the web
    workers when CACHE_URL is Redis), keyed by address and name, and reset by a good login.
    """

    MAX_FAILURES = 5
    WINDOW_SECONDS = 15 * 60

    def _key(self) -> str:
        address = self.request.META.get("REMOTE_ADDR", "") if self.request else ""
        name = (self.data.get("username") or "").strip().lower()
        return f"login-failures:{address}:{name}"

    def clean(self):
        key = self._key()
        if cache.get(key, 0) >= self.MAX_FAILURES:
            raise forms.ValidationError(
                _("Too many wrong passwords: wait %(minutes)s minutes, or reset your password."),
                code="throttled",
                params={"minutes": self.WINDOW_SECONDS // 60},
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if not cache.add(key, 1, self.WINDOW_SECONDS):
                try:
                    cache.incr(key)
                except ValueError:  # expired between the two calls
                    cache.set(key, 1, self.WINDOW_SECONDS)
            raise
        cache.delete(key)
        return cleaned
