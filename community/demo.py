"""The demo network's spaces and news (Italian, invented data). Idempotent by slug."""

from __future__ import annotations

import datetime
from decimal import Decimal

from community.models import NewsIndexPage, NewsPage, SpaceIndexPage, SpacePage

SPACES = [
    {
        "title": "Tavolone Lambrate",
        "slug": "lambrate",
        "tagline": "Il tavolo lungo dove è nata la rete",
        "neighbourhood": "Lambrate",
        "address": "Via Conte Rosso 12",
        "postcode": "20134",
        "latitude": Decimal("45.484500"),
        "longitude": Decimal("9.236900"),
        "desks": 40,
        "description": "<p>Un ex laboratorio tessile con un unico grande tavolo di rovere.</p>",
    },
]

NEWS = [
    {
        "title": "La rete cresce: benvenuti su Tavolone",
        "slug": "benvenuti-su-tavolone",
        "date": datetime.date(2026, 1, 15),
        "intro": "Il portale della rete dei coworking milanesi è online.",
        "body": "<p>Spazi, notizie e forum in un unico posto.</p>",
    },
]


def _child(parent, model, slug, **fields):
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = parent.add_child(instance=model(slug=slug, **fields))
    return page


def load(*, home, users, stdout) -> None:
    spaces = _child(
        home,
        SpaceIndexPage,
        "spazi",
        title="Spazi",
        intro="<p>Gli spazi della rete, quartiere per quartiere.</p>",
    )
    news = _child(home, NewsIndexPage, "news", title="News", intro="<p>Le notizie della rete.</p>")
    for data in SPACES:
        _child(spaces, SpacePage, **data)
    for data in NEWS:
        _child(news, NewsPage, **data)
    stdout.write(f"  {SpacePage.objects.count()} spaces, {NewsPage.objects.count()} news articles")
