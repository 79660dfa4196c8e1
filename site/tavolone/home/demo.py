"""The demo network's frame: the page tree's root pages and the demo users."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Page, Site

from tavolone.home.models import HomePage
from tavolone.home.services import site_address, sync_sites


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    groups: tuple[str, ...] = ()
    is_staff: bool = False
    first_name: str = ""  # a host's name is shown on the space's page
    last_name: str = ""


DEMO_MEMBERS_SINCE = timedelta(days=400)
DEMO_PASSWORD = "tavolone-demo"  # noqa: S105  (demo mode only; never set outside it)
DEMO_USERS = (
    DemoUser("redazione", "editor", ("Editors",), is_staff=True),
    DemoUser("moderatrice", "moderator", ("Moderators",), is_staff=True),
    DemoUser(
        "host_lambrate",
        "space manager",
        ("Space managers",),
        is_staff=True,
        first_name="Paola",
        last_name="Rinaldi",
    ),
    DemoUser("giulia", "coworker"),
    DemoUser("marco", "coworker"),
)


def install_home(page: HomePage) -> HomePage:
    """The site's HomePage: the one there is, else `page` added under the root in place of the
    "Welcome to your new Wagtail site!" page that Wagtail's migrations create."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        for welcome in root.get_children().filter(content_type__model="page"):
            if not welcome.get_children().exists():
                welcome.delete()
        home = root.add_child(instance=page)
    return home


def ensure_home() -> HomePage:
    """Make a HomePage the root of the default site, replacing Wagtail's welcome page."""
    home = install_home(
        HomePage(
            title="Tavolone",
            slug="home",
            hero_title="Lavoriamo insieme, attorno allo stesso tavolo",
            hero_text=(
                "Quattordici spazi di coworking a Milano, una rete sola: trova una scrivania, "
                "leggi le notizie della rete e partecipa alle discussioni della community."
            ),
        )
    )
    address = site_address()
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"root_page": home, "site_name": "Tavolone"},
        create_defaults={
            "root_page": home,
            "site_name": "Tavolone",
            "hostname": address.hostname,
            "port": address.port,
        },
    )
    sync_sites()  # hostname and port follow SITE_URL
    return home


def demo_user(username: str, **defaults: object):
    """A demo account, made once: the demo password in demo mode, else none that works."""
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"email": f"{username}@tavolone.local", **defaults}
    )
    if created:
        if settings.DEMO_MODE:
            user.set_password(DEMO_PASSWORD)
        else:
            user.set_unusable_password()
        user.save()
    return user


def ensure_users() -> dict[str, object]:
    users = {}
    for spec in DEMO_USERS:
        user = demo_user(
            spec.username,
            is_staff=spec.is_staff,
            first_name=spec.first_name,
            last_name=spec.last_name,
            # Members of the network for a while, not accounts made a minute ago (which the
            # forum's new-account limits would rightly hold back).
            date_joined=timezone.now() - DEMO_MEMBERS_SINCE,
        )
        for name in spec.groups:
            group = Group.objects.filter(name=name).first()
            if group is not None:
                user.groups.add(group)
        users[spec.role if spec.role != "coworker" else spec.username] = user
    return users
