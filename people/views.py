"""People's pages: the directory, a profile, the profile form, and the account's own data."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST
from machina.core.db.models import get_model
from machina.core.loading import get_class

from people import directory as people_directory
from people import erasure, export, services
from people.forms import DeleteAccountForm, PersonForm
from people.models import Profile

ForumProfile = get_model("forum_member", "ForumProfile")


def directory(request: HttpRequest) -> HttpResponse:
    return render(request, "people/directory.html", people_directory.directory(request))


def person(request: HttpRequest, pk: int) -> HttpResponse:
    profile = get_object_or_404(
        Profile.objects.select_related("user", "user__forum_profile__home_space"), pk=pk
    )
    if not services.can_see(profile, request.user):
        raise Http404
    forum_profile = ForumProfile.objects.filter(user=profile.user).first()
    home = forum_profile.home_space if forum_profile else None
    context = {
        "profile": profile,
        "forum_profile": forum_profile,
        "home_space": home if home is not None and home.live else None,
        "is_own": profile.user_id == request.user.pk,
    }
    return render(request, "people/person.html", context)


class ProfileEditView(LoginRequiredMixin, View):
    """One page, one form: the forum profile (photo, signature, home space: machina's form,
    unprefixed) and the person's profile (prefixed `person-`). machina's own URL for its
    profile form answers with this view too (forum/forum_member/views.py); a POST without the
    person's fields (machina's form alone) leaves the person's profile as it was."""

    template_name = "forum_member/forum_profile_update.html"

    def forms(self, request: HttpRequest):
        forum_form_class = get_class("forum_member.forms", "ForumProfileForm")
        forum_profile = ForumProfile.objects.get_or_create(user=request.user)[0]
        profile = services.profile_of(request.user)
        post = request.method == "POST"
        person_posted = post and "person-visibility" in request.POST
        forum_form = forum_form_class(
            request.POST if post else None,
            request.FILES if post else None,
            instance=forum_profile,
        )
        person_form = PersonForm(request.POST if person_posted else None, instance=profile)
        return forum_form, person_form, person_posted

    def render(self, request, forum_form, person_form, status=200) -> HttpResponse:
        context = {"form": forum_form, "person_form": person_form, "profile": person_form.instance}
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        forum_form, person_form, _posted = self.forms(request)
        return self.render(request, forum_form, person_form)

    def post(self, request: HttpRequest) -> HttpResponse:
        forum_form, person_form, person_posted = self.forms(request)
        valid = forum_form.is_valid() & (person_form.is_valid() if person_posted else True)
        if not valid:
            return self.render(request, forum_form, person_form)
        forum_form.save()
        if person_posted:
            person_form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect(request.path)


@login_required
def account(request: HttpRequest) -> HttpResponse:
    profile = services.profile_of(request.user)
    return render(request, "people/account.html", {"profile": profile})


@login_required
@require_POST
def download_data(request: HttpRequest) -> HttpResponse:
    """The zip of everything tied to the person (a POST: it is personal and not to be cached)."""
    data = export.build_zip(export.collect(user=request.user))
    response = HttpResponse(data, content_type="application/zip")
    name = f"tavolone-{request.user.pk}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store, private"
    return response


@login_required
def delete_account(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.user, request.POST or None)
    form.request = request
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        erasure.erase(user=user)
        messages.success(request, _("Your account and your data have been deleted."))
        return redirect("/")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "export_url": reverse("account_data")}
    return render(request, "people/delete_account.html", context, status=status)
