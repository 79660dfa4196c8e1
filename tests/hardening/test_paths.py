"""Path segments: every URL pattern of the resolver, with a hostile value of each class in its
typed slots (the other slots keep a real value seen while crawling the demo). Site routes are
asked as a visitor and a coworker (GET and an empty POST); admin routes as the editor."""

from __future__ import annotations

import pytest

from tests.hardening import payloads, surfaces

# Admin routes are many instances of a few generic Wagtail/Django views: fewer classes each.
ADMIN_STR_CLASSES = ("huge", "nul", "invalid-utf8", "xss")
ADMIN_INT_CLASSES = ("int-huge", "int-zero")
DEFAULTS = {"int": "1", "str": "x", "path": "x"}


def _cases():
    for route in surfaces.routes():
        kinds = {kind for _, kind in route.slots}
        classes = []
        if "int" in kinds:
            classes += ADMIN_INT_CLASSES if route.is_admin else list(payloads.INT_SEGMENTS)
        if kinds & {"str", "path"}:
            strs = ADMIN_STR_CLASSES if route.is_admin else payloads.STR_SEGMENTS
            classes += [c for c in strs if c not in classes]
        for cls in classes or ["plain"]:
            yield pytest.param(route, cls, id=f"{cls}-{surfaces.route_id(route)}")


def _values(site, route, cls: str) -> dict[str, str]:
    seen = site.examples.get(route.example, {})
    values = {}
    for name, kind in route.slots:
        value = seen.get(name, DEFAULTS[kind])
        if cls in payloads.INT_SEGMENTS and kind == "int":
            value = payloads.INT_SEGMENTS[cls]
        elif cls in payloads.STR_SEGMENTS and kind != "int":
            value = payloads.STR_SEGMENTS[cls]
        values[name] = value
    return values


@pytest.mark.parametrize(("route", "cls"), list(_cases()))
def test_a_hostile_path_segment_gets_a_quick_clear_answer(probe, route, cls):
    path = route.fill(_values(probe.site, route, cls))
    case = f"path:{cls}"
    if route.is_admin:
        probe.send(case, "editor", "GET", path, payload="<script>alert(1)</script>")
    else:
        for role in ("anonymous", "coworker"):
            probe.send(case, role, "GET", path, payload="<script>alert(1)</script>")
            probe.send(case, role, "POST", path, {}, check_writes=True)
    probe.assert_clean()
