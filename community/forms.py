"""Visitor-facing forms: the space directory filter and "book a visit"."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.visits import VisitRequest


class VisitRequestForm(forms.ModelForm):
    # Honeypot: hidden from people by CSS, filled in by naive bots.
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    class Meta:
        model = VisitRequest
        fields = ["name", "email", "preferred_date", "message"]
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name", "class": "form-control"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email", "class": "form-control"}),
            "preferred_date": forms.DateInput(
                attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"
            ),
            "message": forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
        }
        help_texts = {"preferred_date": _("Optional. Format: YYYY-MM-DD.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preferred_date"].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def is_spam(self) -> bool:
        return bool(self.data.get("website"))

    def clean_name(self) -> str:
        # One line only: names end up in email headers and admin listings.
        return " ".join(self.cleaned_data["name"].split())

    def clean_preferred_date(self) -> datetime.date | None:
        value = self.cleaned_data.get("preferred_date")
        if value and value < timezone.localdate():
            raise forms.ValidationError(_("Choose today or a later day."))
        if value and value > timezone.localdate() + datetime.timedelta(days=366):
            raise forms.ValidationError(_("Choose a day within the next year."))
        return value
