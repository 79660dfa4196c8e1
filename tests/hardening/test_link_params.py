"""Query parameters that links carry (?page=, ?next=, ?post=, ?view=, directory and search
filters), found by the crawl: each set to a hostile value of every class, in turn, as the role
that saw the link. The forms' own fields are test_forms.py's."""

from __future__ import annotations

import pytest

from tests.hardening import payloads, surfaces

CLASSES = {**payloads.STRINGS, **payloads.INTS}
CLASSES.pop("markdown")  # no link renders Markdown; test_forms.py sends it to every text field


@pytest.mark.parametrize("cls", sorted(CLASSES))
def test_every_link_parameter_answers_a_hostile_value_quickly_and_clearly(probe, cls):
    params = probe.site.link_params
    assert len({name for _, name in params}) >= 4  # the crawl found page, next, post, filters
    for (_, name), (role, link) in sorted(params.items()):
        for value in CLASSES[cls][:2]:  # two of each class: the forms take all of them
            path = surfaces.with_param(link, name, value)
            probe.send(f"query:{cls}:{name}", role, "GET", path, payload=value)
    probe.assert_clean()
