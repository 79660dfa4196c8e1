"""Factories for CMS pages (wagtail-factories): pass parent=<index page>."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory
import wagtail_factories
from django.utils import timezone
from factory.django import DjangoModelFactory

from community.models import Amenity, NewsPage, SpacePage


class AmenityFactory(DjangoModelFactory):
    class Meta:
        model = Amenity
        django_get_or_create = ("slug",)

    name = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").capitalize())
    slug = factory.Sequence(lambda n: f"amenity-{n}")


class SpacePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = SpacePage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Spazio {n}")
    slug = factory.Sequence(lambda n: f"spazio-{n}")
    city = "Milano"
    neighbourhood = "Isola"
    latitude = Decimal("45.480000")
    longitude = Decimal("9.190000")
    desks = 10
    price_day = Decimal("15.00")
    last_confirmed = factory.LazyFunction(timezone.localdate)

    @factory.post_generation
    def amenities(self, create, slugs, **kwargs):
        if create and slugs:
            self.amenities = [AmenityFactory(slug=s) for s in slugs]
            self.save()


class NewsPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsPage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Notizia {n}")
    slug = factory.Sequence(lambda n: f"notizia-{n}")
    date = datetime.date(2026, 5, 1)
    intro = "Una notizia della rete."

    @factory.post_generation
    def tags(self, create, names, **kwargs):
        if create and names:
            self.tags.add(*names)
            self.save()
