"""A space's searchable text as sentences a snippet can show: where it is, when it is open,
what it offers, then its own words ("Viale Sarca 200, Bicocca, Milano. Aperto lun–ven
8:30–19:00. Servizi: cabina telefonica (phone booth), …").

Written in the site's language (the index is one for every reader, and a status check compares
it with documents built again: the same words whichever language the caller had active).
Amenities are named in both languages, so "phone booth" finds what "cabina telefonica" finds.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.utils import translation
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext as _

from search.text import fold


def space_body(page, description: str) -> str:
    """The body of a space's search document."""
    with translation.override(settings.LANGUAGE_CODE):
        where = ", ".join(p for p in (page.address, page.neighbourhood, page.city) if p)
        sentences = [
            where,
            _("Open %(hours)s") % {"hours": hours} if (hours := opening(page)) else "",
            amenities_sentence(page.amenities.all()),
            page.tagline,
        ]
        text = " ".join(_sentence(s) for s in sentences if s and s.strip())
    return f"{text} {description}".strip()


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text[-1] in ".!?…" else f"{text}."


def opening(page) -> str:
    """ "lun–ven 8:30–19:00, sab 10:00–18:00": consecutive days with the same hours together."""
    slots: dict[int, str] = {}
    for row in page.opening_hours.all():
        if row.closed or row.opens is None or row.closes is None:
            continue
        if row.opens == row.closes:
            slots[row.weekday] = _("24 hours")
        else:
            slots[row.weekday] = f"{_time(row.opens)}–{_time(row.closes)}"
    runs: list[tuple[int, int, str]] = []  # (first day, last day, hours)
    for day in sorted(slots):
        if runs and runs[-1][1] == day - 1 and runs[-1][2] == slots[day]:
            runs[-1] = (runs[-1][0], day, slots[day])
        else:
            runs.append((day, day, slots[day]))
    parts = []
    for first, last, hours in runs:
        days = str(WEEKDAYS_ABBR[first])
        if last != first:
            days += f"–{WEEKDAYS_ABBR[last]}"
        parts.append(f"{days} {hours}")
    return ", ".join(parts)


def _time(value) -> str:
    return f"{value.hour}:{value.minute:02d}"


def amenities_sentence(amenities: Iterable) -> str:
    """ "Servizi: Wi-Fi veloce (fast wifi), Cucina (kitchen)": each amenity by its name, with the
    words of its English name and slug it does not already hold ("wifi" finds "Wi-Fi")."""
    named = []
    for amenity in amenities:
        seen = set(fold(amenity.name).split())
        extra = []
        for word in f"{amenity.name_en} {amenity.slug.replace('-', ' ')}".split():
            folded = fold(word)
            if folded not in seen:
                seen.add(folded)
                extra.append(word.lower())
        named.append(f"{amenity.name} ({' '.join(extra)})" if extra else amenity.name)
    return _("Amenities: %(list)s") % {"list": ", ".join(named)} if named else ""
