"""Member profiles show the home space; machina's search leads to the unified search."""

import pytest
from django.urls import reverse
from machina.core.db.models import get_model

ForumProfile = get_model("forum_member", "ForumProfile")


def test_a_coworker_picks_a_home_space_and_their_profile_links_to_it(
    publish_space, login, member, client
):
    space = publish_space("Darsena Desk")
    response = login(member).post(
        reverse("forum_member:profile_update"),
        # The home space shows where the person's profile does: public here (docs/privacy.md).
        {
            "signature": "Illustratrice, *sempre* al tavolone",
            "home_space": space.pk,
            "person-visibility": "public",
        },
    )
    assert response.status_code == 302
    client.logout()
    html = client.get(reverse("forum_member:profile", args=[member.pk])).content.decode()
    assert f'<a href="{space.url}">Darsena Desk</a>' in html
    assert "<em>sempre</em>" in html


def test_the_profile_model_is_our_override_of_machinas(db):
    # machina's get_model resolves to the overridden app's model, which has the extra field.
    assert ForumProfile.__module__ == "forum.forum_member.models"
    assert ForumProfile._meta.get_field("home_space").related_model.__name__ == "SpacePage"


def test_only_live_spaces_can_be_chosen_as_home_space(publish_space, login, member):
    space = publish_space("Darsena Desk")
    space.unpublish()
    response = login(member).post(
        reverse("forum_member:profile_update"), {"signature": "", "home_space": space.pk}
    )
    assert response.status_code == 200  # the form explains the choice is not valid
    assert not ForumProfile.objects.filter(user=member, home_space=space).exists()


def test_machinas_search_url_redirects_to_the_unified_search_for_threads(client, db):
    response = client.get(reverse("forum_search:search"), {"q": "scrivania"})
    assert response.status_code == 302
    assert response["Location"] == "/cerca/?kind=thread&q=scrivania"


def test_a_forum_restricted_search_keeps_the_forum(client, db):
    response = client.get("/forum/search/", {"q": "eventi", "search_forums": "4"})
    assert response["Location"] == "/cerca/?kind=thread&q=eventi&forum=4"


@pytest.mark.parametrize("home_space", ["99999999999999999999", str(2**63), "abc", "²", "0"])
def test_a_home_space_that_is_no_id_is_a_form_error(login, member, home_space):
    response = login(member).post(
        reverse("forum_member:profile_update"), {"signature": "", "home_space": home_space}
    )
    assert response.status_code == 200  # the form explains the choice is not valid
    assert not ForumProfile.objects.filter(user=member, home_space__isnull=False).exists()
