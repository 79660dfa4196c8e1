"""Who may see a page: live, unexpired, and past every view restriction on it or above it."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser, Group, User
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from tavolone.lib.page_access import page_access

pytestmark = pytest.mark.django_db


@pytest.fixture
def section():
    top = Page.get_first_root_node().add_child(instance=Page(title="Soci", slug="soci"))
    return top, top.add_child(instance=Page(title="Verbale", slug="verbale"))


def test_a_login_restriction_hides_the_section_and_below_from_visitors(section):
    top, child = section
    PageViewRestriction.objects.create(page=top, restriction_type=PageViewRestriction.LOGIN)
    assert not page_access(AnonymousUser()).allows(True, None, child.path)
    assert page_access(User.objects.create_user("socio")).allows(True, None, child.path)


def test_a_group_restriction_lets_in_only_its_groups(section):
    top, child = section
    staff = Group.objects.create(name="Staff")
    restriction = PageViewRestriction.objects.create(
        page=top, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(staff)
    outsider, insider = User.objects.create_user("fuori"), User.objects.create_user("dentro")
    insider.groups.add(staff)
    assert not page_access(outsider).allows(True, None, child.path)
    assert page_access(insider).allows(True, None, child.path)


def test_drafts_and_expired_pages_are_seen_by_nobody(section):
    _top, child = section
    access = page_access(User.objects.create_superuser("capo"))
    assert access.allows(True, None, child.path)
    assert not access.allows(False, None, child.path)
    assert not access.allows(True, timezone.now() - datetime.timedelta(minutes=1), child.path)


def test_the_queryset_filter_applies_the_same_rule(section):
    top, child = section
    PageViewRestriction.objects.create(
        page=top, restriction_type=PageViewRestriction.PASSWORD, password="segreto"
    )
    open_page = Page.get_first_root_node().add_child(instance=Page(title="Aperto", slug="aperto"))
    seen = Page.objects.filter(page_access(User.objects.create_user("c")).q())
    assert open_page in seen
    assert top not in seen and child not in seen
