"""The deterministic corpus: sizes per scale and the bulk loader of Wagtail pages.

Pages are inserted without Wagtail's per-page `add_child` (one save, revision and signals each):
we compute treebeard's materialised paths ourselves, bulk-insert the `wagtailcore_page` rows,
then the specific model's own rows (multi-table inheritance: Django refuses bulk_create there).
"""

from __future__ import annotations

import datetime as dt
import random
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from wagtail.models import Page

from bench import text
from bench.scales import SEED, Scale

BATCH = 2000


# Italian cities with their centres: spaces are scattered a few km around them.
CITIES = (
    ("Milano", 45.4642, 9.1900, ("Lambrate", "Isola", "Navigli", "Brera", "Porta Romana", "NoLo")),
    ("Torino", 45.0703, 7.6869, ("San Salvario", "Vanchiglia", "Crocetta")),
    ("Bologna", 44.4949, 11.3426, ("Bolognina", "Santo Stefano", "Saragozza")),
    ("Roma", 41.9028, 12.4964, ("Pigneto", "Testaccio", "Trastevere", "Ostiense")),
    ("Napoli", 40.8518, 14.2681, ("Chiaia", "Vomero")),
    ("Firenze", 43.7696, 11.2558, ("Oltrarno", "Campo di Marte")),
    ("Genova", 44.4056, 8.9463, ("Foce", "Castelletto")),
    ("Bari", 41.1171, 16.8719, ("Murat", "Libertà")),
    ("Palermo", 38.1157, 13.3615, ("Kalsa", "Libertà")),
    ("Venezia", 45.4408, 12.3155, ("Cannaregio", "Mestre")),
)
DAYS = 3650  # ten years of dates
END = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)


def rng_for(part: str) -> random.Random:
    return random.Random(f"{SEED}-{part}")


def moment(rng: random.Random) -> dt.datetime:
    return END - dt.timedelta(seconds=rng.randrange(DAYS * 86400))


def _set_rich(instance: models.Model, name: str, html: str) -> None:
    """Fill a rich-text field whether it is a RichTextField or (as it may become) a StreamField."""
    field = instance._meta.get_field(name)
    if field.get_internal_type() == "JSONField" and hasattr(field, "stream_block"):
        from wagtail.blocks import RichTextBlock
        from wagtail.rich_text import RichText

        for block_name, block in field.stream_block.child_blocks.items():
            if isinstance(block, RichTextBlock):
                setattr(instance, name, [(block_name, RichText(html))])
                return
        block_name = next(iter(field.stream_block.child_blocks))
        setattr(instance, name, [(block_name, text.strip_html(html))])
    else:
        setattr(instance, name, html)


def _has(model: type[models.Model], name: str) -> bool:
    try:
        model._meta.get_field(name)
    except Exception:
        return False
    return True


def bulk_add_children(parent: Page, instances: list[Page], rng: random.Random) -> int:
    """Append `instances` (unsaved specific pages) as live children of `parent`, in bulk."""
    parent.refresh_from_db()
    model = type(instances[0])
    content_type = ContentType.objects.get_for_model(model)
    now = timezone.now()
    start = parent.numchild
    base_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
    for offset, page in enumerate(instances, start=1):
        page.depth = parent.depth + 1
        page.path = Page._get_path(parent.path, page.depth, start + offset)
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.content_type = content_type
        page.locale_id = parent.locale_id
        page.translation_key = uuid.UUID(int=rng.getrandbits(128), version=4)
        page.draft_title = page.title
        page.live = True
        page.has_unpublished_changes = False
        page.first_published_at = page.first_published_at or now
        page.last_published_at = page.first_published_at
    for i in range(0, len(instances), BATCH):
        chunk = instances[i : i + BATCH]
        bases = [Page(**{f.attname: getattr(p, f.attname) for f in base_fields}) for p in chunk]
        Page.objects.bulk_create(bases)
        for page, base in zip(chunk, bases, strict=True):
            page.pk = page.page_ptr_id = base.pk
        model._base_manager._insert(
            chunk, fields=model._meta.local_concrete_fields, using="default"
        )
    Page.objects.filter(pk=parent.pk).update(numchild=start + len(instances))
    return len(instances)


def _index_page(home: Page, model: type[Page], slug: str, title: str) -> Page:
    page = model.objects.child_of(home).first()
    if page is None:
        page = model(title=title, slug=slug)
        if _has(model, "intro"):
            _set_rich(page, "intro", f"<p>{escape(title)}</p>")
        home.add_child(instance=page)
    return page


def load_pages(scale: Scale, home: Page) -> dict[str, int]:
    from community.models import NewsIndexPage, NewsPage, SpaceIndexPage, SpacePage

    with transaction.atomic():
        spaces_index = _index_page(home, SpaceIndexPage, "spazi", "Spazi")
        news_index = _index_page(home, NewsIndexPage, "news", "News")
        rng = rng_for("spaces")
        spaces = []
        for i in range(scale.spaces):
            city, lat, lon, hoods = CITIES[i % len(CITIES)] if i < 20 else rng.choice(CITIES)
            hood = rng.choice(hoods)
            page = SpacePage(
                title=f"Tavolone {hood} {i + 1}",
                slug=f"{slugify(hood)}-{i + 1}",
                tagline=text.title(rng)[:200],
                city=city,
                neighbourhood=hood,
                address=f"Via {rng.choice(text.SPACE_WORDS).title()} {rng.randint(1, 120)}",
                postcode=f"{rng.randint(10, 98)}1{rng.randint(0, 99):02d}",
                latitude=round(lat + rng.uniform(-0.05, 0.05), 6),
                longitude=round(lon + rng.uniform(-0.05, 0.05), 6),
                desks=rng.randint(5, 120),
                first_published_at=moment(rng),
            )
            _set_rich(page, "description", f"<p>{escape(text.space_text(rng))}</p>")
            spaces.append(page)
        bulk_add_children(spaces_index, spaces, rng)

        rng = rng_for("news")
        news = []
        for i in range(scale.news):
            when = moment(rng)
            topic = rng.choice(text.NEWS_TOPICS)
            title = f"{topic.capitalize()}: {text.title(rng)}"[:250]
            page = NewsPage(
                title=title,
                slug=f"{slugify(topic)}-{i + 1}",
                date=when.date(),
                intro=text.paragraph(rng, 15, 40),
                first_published_at=when,
            )
            body = "".join(f"<p>{escape(text.paragraph(rng, 20, 120))}</p>" for _ in range(3))
            _set_rich(page, "body", body)
            news.append(page)
        bulk_add_children(news_index, news, rng)
        _tag_news(news, rng)
    return {"spaces": len(spaces), "news": len(news)}


def _tag_news(news: list[Page], rng: random.Random) -> None:
    from taggit.models import Tag

    from community.models import NewsPageTag

    tags = {t.name: t for t in Tag.objects.all()}
    Tag.objects.bulk_create(
        [Tag(name=n, slug=slugify(n)) for n in text.TAGS if n not in tags], ignore_conflicts=True
    )
    tags = {t.name: t for t in Tag.objects.filter(name__in=text.TAGS)}
    rows = [
        NewsPageTag(content_object_id=page.pk, tag=tags[name])
        for page in news
        for name in rng.sample(text.TAGS, rng.randint(0, 3))
    ]
    NewsPageTag.objects.bulk_create(rows, batch_size=BATCH)
