"""The demo network's spaces and news (Italian, invented data). Idempotent by slug."""

from __future__ import annotations

import datetime
import functools
import io
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.rich_text import RichText

from community import roles
from community.demo_content import AMENITIES, HOME_BODY, NEWS, SPACES
from community.models import (
    Amenity,
    NewsIndexPage,
    NewsPage,
    OpeningHours,
    SpaceGalleryImage,
    SpaceIndexPage,
    SpacePage,
)
from community.receivers import sync_forum

# Colours of the generated demo photos: (background, table, accent).
PALETTES = {
    "tavolo-rovere": ((235, 226, 210), (150, 105, 60), (60, 60, 60)),
    "sala-luminosa": ((214, 230, 240), (90, 110, 130), (240, 180, 60)),
    "cortile-verde": ((210, 232, 205), (120, 90, 70), (70, 140, 80)),
    "loft-industriale": ((200, 200, 205), (70, 70, 75), (200, 80, 60)),
}


def _child(parent, model, slug, **fields):
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = parent.add_child(instance=model(slug=slug, **fields))
    return page


@functools.cache
def _picture(name: str) -> bytes:
    """A simple drawn 'photo' of a coworking room (no downloads), as JPEG bytes."""
    from PIL import Image, ImageDraw

    background, table, accent = PALETTES[name]
    img = Image.new("RGB", (960, 640), background)
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 430, 960, 640), fill=tuple(c - 25 for c in background))  # floor
    for x in range(90, 900, 190):  # windows
        draw.rectangle((x, 70, x + 120, 250), fill=(250, 250, 245), outline=accent, width=6)
    draw.rectangle((120, 380, 840, 420), fill=table)  # the long table
    for x in (150, 800):
        draw.rectangle((x, 420, x + 18, 560), fill=table)
    for x in range(170, 800, 90):  # laptops and chairs
        draw.rectangle((x, 350, x + 50, 380), fill=accent)
        draw.ellipse((x + 5, 440, x + 45, 480), fill=tuple(max(0, c - 60) for c in table))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=80)
    return out.getvalue()


def demo_images() -> dict[str, object]:
    Image = get_image_model()
    images = {}
    for name in PALETTES:
        title = f"Demo · {name.replace('-', ' ')}"
        image = Image.objects.filter(title=title).first()
        if image is None:
            image = Image(title=title)
            image.file = ImageFile(io.BytesIO(_picture(name)), name=f"demo-{name}.jpg")
            image.save()
        images[name] = image
    return images


def _hours(kind: str) -> list[OpeningHours]:
    def row(day, opens=None, closes=None):
        if opens is None:
            return OpeningHours(weekday=day, closed=True)
        return OpeningHours(weekday=day, opens=datetime.time(*opens), closes=datetime.time(*closes))

    if kind == "24h":  # opening and closing at midnight: open round the clock
        return [row(d, (0, 0), (0, 0)) for d in range(7)]
    late = kind == "late"
    rows = [row(d, (8, 30), (22, 0) if late else (19, 0)) for d in range(5)]
    rows.append(row(5, (10, 0), (18, 0)) if kind in ("weekend", "late") else row(5))
    rows.append(row(6, (10, 0), (14, 0)) if kind == "weekend" else row(6))
    return rows


def _space(index, data, amenities, images, today):
    data = dict(data)
    amenity_slugs = data.pop("amenities")
    photos = data.pop("photos")
    hours = data.pop("hours")
    confirmed_days_ago = data.pop("confirmed_days_ago")
    existing = SpacePage.objects.child_of(index).filter(slug=data["slug"]).first()
    if existing is not None:
        return existing
    prices = data.pop("prices")
    page = SpacePage(
        **{**data, "latitude": Decimal(data["latitude"]), "longitude": Decimal(data["longitude"])},
        price_day=Decimal(prices[0]),
        price_week=Decimal(prices[1]),
        price_month=Decimal(prices[2]),
        last_confirmed=today - datetime.timedelta(days=confirmed_days_ago),
    )
    page.amenities = [amenities[s] for s in amenity_slugs]
    page.gallery_images = [
        SpaceGalleryImage(image=images[p], caption=caption) for p, caption in photos
    ]
    page.opening_hours = _hours(hours)
    return index.add_child(instance=page)


# The demo hosts' names: a space's page shows its hosts by name, never by login name.
HOST_NAMES = (
    ("Luca", "Ferrario"), ("Elena", "Brambilla"), ("Davide", "Galli"), ("Sara", "Fumagalli"),
    ("Matteo", "Villa"), ("Francesca", "Cattaneo"), ("Andrea", "Pirovano"), ("Silvia", "Longoni"),
    ("Paolo", "Sala"), ("Marta", "Mauri"), ("Stefano", "Redaelli"), ("Irene", "Colombo"),
    ("Giorgio", "Crippa"), ("Anna", "Riva"),
)  # fmt: skip


def _ensure_host(space: SpacePage) -> None:
    """Every demo space has a host (`host_<slug>`; not a demo login: no usable password), who
    gets its visit requests and moderates its forum."""
    if space.hosts.exists():
        return
    User = get_user_model()
    first, last = HOST_NAMES[sum(map(ord, space.slug)) % len(HOST_NAMES)]
    user, created = User.objects.get_or_create(
        username=f"host_{space.slug}"[:150],
        defaults={
            "email": f"host_{space.slug}@tavolone.local",
            "is_staff": True,
            "first_name": first,
            "last_name": last,
        },
    )
    if created:
        user.set_unusable_password()
        user.save()
    managers = Group.objects.filter(name=roles.SPACE_MANAGERS).first()
    if managers is not None:
        user.groups.add(managers)
    space.hosts.add(user)
    space.save()


def _body(blocks):
    out = []
    for kind, value in blocks:
        out.append((kind, RichText(value) if kind == "paragraph" else value))
    return out


def load(*, home, users, stdout) -> None:
    today = timezone.localdate()
    if not home.body:
        home.body = HOME_BODY
        home.save(update_fields=["body"])
    amenities = {}
    for slug, name, name_en, icon in AMENITIES:
        amenities[slug], _created = Amenity.objects.get_or_create(
            slug=slug, defaults={"name": name, "name_en": name_en, "icon": icon}
        )
        if not amenities[slug].name_en:  # a demo loaded before amenities had English names
            Amenity.objects.filter(pk=amenities[slug].pk).update(name_en=name_en)
    images = demo_images()
    spaces_index = _child(
        home,
        SpaceIndexPage,
        "spazi",
        title="Spazi",
        intro="<p>Quattordici spazi, un solo tavolo: scegli il quartiere, i servizi che ti "
        "servono e vieni a provare una giornata.</p>",
        search_description="I coworking della rete Tavolone a Milano, quartiere per quartiere.",
    )
    news_index = _child(
        home,
        NewsIndexPage,
        "news",
        title="News",
        intro="<p>Cosa succede nella rete: aperture, incontri, eventi e idee.</p>",
        search_description="Le notizie della rete di coworking Tavolone.",
    )
    spaces = {d["slug"]: _space(spaces_index, d, amenities, images, today) for d in SPACES}
    host = users.get("space manager")
    lambrate = spaces["lambrate"]
    if host is not None and not lambrate.hosts.filter(pk=host.pk).exists():
        lambrate.hosts.add(host)
        lambrate.save()
    for space in spaces.values():
        _ensure_host(space)
    if not home.featured_space_items.exists():
        for order, slug in enumerate(("lambrate", "isola", "navigli", "nolo")):
            home.featured_space_items.create(space=spaces[slug], sort_order=order)
        home.save()  # inline rows of a page are written when the page is saved
    editor = users.get("editor")
    for data in NEWS:
        data = dict(data)
        related = data.pop("related")
        tags = data.pop("tags")
        if NewsPage.objects.child_of(news_index).filter(slug=data["slug"]).exists():
            continue
        article = NewsPage(**{**data, "body": _body(data["body"])}, author=editor)
        article.tags.add(*tags)
        article.related_spaces = [spaces[s] for s in related]
        news_index.add_child(instance=article)
    # Pages made here were never published through Wagtail's signal: the forum learns of them now.
    for page in [*SpacePage.objects.live(), *NewsPage.objects.live()]:
        sync_forum(page)
    stdout.write(f"  {SpacePage.objects.count()} spaces, {NewsPage.objects.count()} news articles")
