"""Page models through the Wagtail admin: editors' forms render, bad data is refused clearly."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone, translation

from community.models import SpacePage
from tests.community.factories import NewsPageFactory, SpacePageFactory


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_the_admin_edit_forms_of_every_page_type_render(admin_client, cms_tree):
    space = SpacePageFactory(parent=cms_tree.spaces)
    article = NewsPageFactory(parent=cms_tree.news)
    for page in (cms_tree.home, cms_tree.spaces, space, cms_tree.news, article):
        assert admin_client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200


def test_amenities_are_managed_as_snippets(admin_client, db):
    response = admin_client.post(
        "/admin/snippets/community/amenity/add/",
        {"name": "Terrazza", "slug": "terrazza", "icon": "☀"},
    )
    assert response.status_code == 302
    assert (
        admin_client.get("/admin/snippets/community/amenity/").content.decode().count("Terrazza")
        >= 1
    )


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"latitude": 45.5, "longitude": None}, "Latitude and longitude go together"),
        ({"latitude": 91, "longitude": 9}, "less than or equal to 90"),
        ({"latitude": 45, "longitude": -181}, "greater than or equal to -180"),
        ({"price_day": -1}, "greater than or equal to 0"),
        ({"phone": "call me maybe"}, "Enter a phone number"),
        ({"email": "not-an-email"}, "valid email"),
        ({"website": "javascript:alert(1)"}, "valid URL"),
    ],
)
def test_space_data_is_validated(cms_tree, fields, message):
    space = SpacePageFactory.build(title="Nuovo", slug="nuovo", **fields)
    with translation.override("en"), pytest.raises(ValidationError, match=message):
        space.full_clean(exclude=["path", "depth"])


def test_a_space_is_stale_when_not_confirmed_for_180_days(db):
    today = timezone.localdate()
    assert SpacePage(last_confirmed=None).is_stale()
    assert not SpacePage(last_confirmed=today - datetime.timedelta(days=180)).is_stale()
    assert SpacePage(last_confirmed=today - datetime.timedelta(days=181)).is_stale()


def test_the_editors_featured_spaces_lead_the_home_page(client, cms_tree):
    for title in ("Alfa", "Beta", "Zeta"):
        SpacePageFactory(parent=cms_tree.spaces, title=title)
    zeta = SpacePage.objects.get(title="Zeta")
    cms_tree.home.featured_space_items.create(space=zeta, sort_order=0)
    cms_tree.home.save()
    featured = client.get("/").context["featured_spaces"]
    assert [s.title for s in featured] == ["Zeta", "Alfa", "Beta"]


def test_the_models_and_migrations_agree(db):
    call_command("makemigrations", "community", "home", "--check", "--dry-run", verbosity=0)
