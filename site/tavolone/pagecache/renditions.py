"""Image renditions made when an image is saved (and by the worker), not by a reader's GET.

Wagtail makes a rendition (a resized file and a row) the first time a template asks for it:
the first visitor of a page with a new image would write to the database. The filters the
templates use are listed here (a test keeps the list in step with the templates).
"""

from __future__ import annotations

import logging

from django.db import transaction
from wagtail.images import get_image_model

SPECS = ("fill-480x270", "fill-600x400", "max-800x600", "fill-1200x630")
BATCH = 50  # images per worker tick

logger = logging.getLogger(__name__)


def make_renditions(image) -> None:
    try:
        image.get_renditions(*SPECS)
    except Exception:  # a missing or broken file: the template's own fallback applies
        logger.warning("renditions: could not render image %s", image.pk, exc_info=True)


def image_saved(sender, instance, created: bool = False, **kwargs) -> None:
    transaction.on_commit(lambda: make_renditions(instance), robust=True)


def run_pending() -> int:
    """Make the missing renditions of up to BATCH images; the number of images rendered."""
    Image = get_image_model()
    missing = Image.objects.none()
    for spec in SPECS:
        missing = missing | Image.objects.exclude(renditions__filter_spec=spec)
    images = list(missing.distinct().order_by("pk")[:BATCH])
    for image in images:
        make_renditions(image)
    return len(images)
