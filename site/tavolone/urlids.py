"""Ids in URLs, query strings and forms: a database id is a positive integer a column can hold.

Views hand URL ids straight to the ORM, which turns values it cannot store into server errors
(`abc` or `1.5` in a `<str:pk>`: ValueError; 2**63 in a related-field lookup: OverflowError in
SQLite's driver; 0: machina reads it as "no id"). The middleware answers all such URLs with the
404 page before any view runs, for every route: ours, machina's and Wagtail's (and a 400 for
the query parameters in ID_QUERY_PARAMS).
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import BadRequest, ValidationError
from django.db.models import Model
from django.http import Http404, HttpRequest

# AutoField's bound on PostgreSQL (machina's and Wagtail's tables here): some views write with a
# raw value (Wagtail's workflow enable), which PostgreSQL refuses past its 32-bit integer.
MAX_ID = 2**31 - 1
_ASCII_DIGITS = re.compile(r"[0-9]{1,19}")
# Query parameters that list ids, by URL name: Wagtail's choosers (images, documents, snippets)
# hand `?id=` values to `pk__in` (abc raises ValueError, 10**20 OverflowError: 500s).
ID_QUERY_PARAMS = {"chosen_multiple": "id"}
_ROUTE_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>\w+)>")


def parse_id(value: object) -> int | None:
    """The id `value` names (an int, or a string of ASCII digits), or None if no row can have it."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and _ASCII_DIGITS.fullmatch(value):
        number = int(value)
    else:
        return None
    return number if 1 <= number <= MAX_ID else None


def is_id_name(name: str) -> bool:
    return name in ("id", "pk") or name.endswith(("_id", "_pk"))


def route_converters(route: str) -> dict[str, str]:
    """{kwarg: converter} of a resolved route (`forum/^member/profile/<str:pk>/`)."""
    return {m["name"]: m["converter"] or "str" for m in _ROUTE_PARAM.finditer(route)}


def bad_url_ids(route: str, kwargs: dict) -> list[str]:
    """The kwargs of a resolved URL that cannot name a row. Checked: every `int` value (no table
    holds more than MAX_ID rows) and id-named `int`/`str` ones. Path and regex parameters are left
    to their views (Django's admin takes UUID and text primary keys there)."""
    bad = []
    for name, converter in route_converters(route).items():
        if name not in kwargs:
            continue
        value = kwargs[name]
        if converter == "int" and not is_id_name(name):
            if value > MAX_ID:
                bad.append(name)
        elif converter in ("int", "str") and is_id_name(name) and parse_id(value) is None:
            bad.append(name)
    return bad


class IdModelChoiceField(forms.ModelChoiceField):
    """A choice of row by id: a value that is no id is an invalid choice, never a query. Django
    guards integer columns but not relations: a choice among pages (whose key is a link to
    Wagtail's Page) of 2**63 was an OverflowError in SQLite's driver."""

    def to_python(self, value):
        if value in self.empty_values or isinstance(value, Model):
            return super().to_python(value)
        if self._key_is_integer() and parse_id(str(value)) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)

    def _key_is_integer(self) -> bool:
        meta = self.queryset.model._meta
        key = meta.get_field(self.to_field_name) if self.to_field_name else meta.pk
        while key.is_relation:  # a page's key is its link to Page
            key = key.target_field
        return key.get_internal_type() in ("AutoField", "BigAutoField", "IntegerField")


class UrlIdMiddleware:
    """A URL whose id cannot exist names nothing: the 404 page, whatever view it leads to."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None:
            return None
        if "\x00" in request.path:  # no name or slug holds a NUL (PostgreSQL refuses it)
            raise Http404("No such page.")
        if bad_url_ids(match.route, view_kwargs):
            raise Http404("No object has this id.")
        param = ID_QUERY_PARAMS.get(match.url_name)
        if param and any(parse_id(v) is None for v in request.GET.getlist(param)):
            raise BadRequest(f"Every {param} must be an id.")
        return None
