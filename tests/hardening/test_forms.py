"""Forms and URL parameters: every form found on the pages each role can reach (site and admin),
with a hostile value of each class in its fields, plus the search API's parameters. A POST
that is refused must leave every table as it was; a stored payload must come back escaped."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.hardening import payloads

TEXT = {"text", "textarea", "email", "search", "url", "password", "tel"}
NUMERIC = {"number", "hidden", "select", "date", "datetime-local", "time", "radio"}
NEUTRAL = {
    "email": "corpus@example.org",
    "url": "https://example.org/",
    "number": "1",
    "date": "2027-01-15",
    "password": "Corpus-pw-2026!",
    "datetime-local": "2027-01-15T10:00",
    "time": "10:00",
    "textarea": "Un testo di prova del corpus.",
    "text": "Prova corpus",
}
SKIP_FIELDS = ("csrfmiddlewaretoken",)
# The search API is GET only and its parameters are documented (docs/api.md): sent as a form.
API = {
    "/api/search": ["q", "kind", "city", "forum", "year", "sort", "page", "near"],
    "/api/autocomplete": ["q"],
    "/api/suggest": ["q"],
}


def _base(form) -> dict[str, str]:
    data = {}
    for f in form.fields:
        if f["value"] is None or f["name"] in SKIP_FIELDS or f["type"] == "file":
            continue
        data[f["name"]] = f["value"] or NEUTRAL.get(f["type"], "")
    return data


# Classes aimed at long text only (Markdown bodies), and the few sent to admin forms, which are
# generic Wagtail/Django views already met by the rest of the corpus elsewhere.
LONG_TEXT_ONLY = ("markdown", "huge")
ADMIN_CLASSES = ("empty", "huge", "nul-control", "xss", "invalid-utf8", "int-huge", "dates")


def _targets(form, numeric: bool, cls: str) -> list[str]:
    kinds = NUMERIC if numeric else TEXT
    if cls in LONG_TEXT_ONLY:
        kinds = {"textarea"}
    if form.action.startswith(("/admin/", "/django-admin/")) and cls not in ADMIN_CLASSES:
        return []
    return [f["name"] for f in form.fields if f["type"] in kinds and f["name"] not in SKIP_FIELDS]


def _forms(site):
    yield from site.forms
    from tests.hardening.surfaces import Form

    for action, names in API.items():
        yield (
            "anonymous",
            Form(action, action, "get", [{"name": n, "type": "text", "value": ""} for n in names]),
        )


def _send(probe, case, role, form, data, raw=None, payload=None):
    """Raw values go on the wire percent-encoded as they are (bytes no str can carry)."""
    if raw is not None:
        body = "&".join(f"{quote(k)}={raw[k] if k in raw else quote(v)}" for k, v in data.items())
        if form.method == "get":
            sep = "&" if "?" in form.action else "?"
            return probe.send(case, role, "GET", f"{form.action}{sep}{body}")
        return probe.send(
            case,
            role,
            "POST",
            form.action,
            body,
            check_writes=True,
            content_type="application/x-www-form-urlencoded",
        )
    if form.method == "get":
        return probe.send(case, role, "GET", form.action, data, payload=payload)
    response = probe.send(case, role, "POST", form.action, data, payload=payload, check_writes=True)
    if response is not None and payload and response.status_code in (301, 302, 303):
        # Stored: the page it lands on shows the payload escaped.
        probe.send(case, role, "GET", response["Location"], payload=payload)
    return response


def _fill(probe, cls: str, index: int, value: str, numeric: bool, raw: bool = False) -> None:
    """Each form of the site gets one value of the class: value `index` of `n` goes to every
    n-th form (so a class costs one request per form, and each of its values is used)."""
    kind = "raw" if raw else "number" if numeric else "text"
    case, count = f"form-{kind}:{cls}", len((payloads.RAW | payloads.INTS | payloads.STRINGS)[cls])
    aimed = [(r, f, t) for r, f in _forms(probe.site) if (t := _targets(f, numeric, cls))]
    for role, form, targets in aimed[index::count] if len(aimed) > index else aimed[:1]:
        data = _base(form)
        if raw:
            data.update(dict.fromkeys(targets, ""))
            _send(probe, case, role, form, data, raw=dict.fromkeys(targets, value))
        else:
            _send(probe, case, role, form, {**data, **dict.fromkeys(targets, value)}, payload=value)


def _ids(cases):
    return [pytest.param(cls, i, v, id=f"{cls}-{i}") for cls, i, v in cases]


@pytest.mark.parametrize(("cls", "index", "value"), _ids(payloads.string_cases()))
def test_every_form_answers_hostile_text_clearly(probe, cls, index, value):
    _fill(probe, cls, index, value, numeric=False)
    probe.assert_clean()


DATES = [("dates", i, v) for i, v in enumerate(payloads.STRINGS["dates"])]


@pytest.mark.parametrize(("cls", "index", "value"), _ids(payloads.int_cases() + DATES))
def test_every_form_answers_hostile_numbers_and_choices_clearly(probe, cls, index, value):
    _fill(probe, cls, index, value, numeric=True)
    probe.assert_clean()


@pytest.mark.parametrize(("cls", "index", "value"), _ids(payloads.raw_cases()))
def test_every_form_answers_bytes_that_are_not_text_clearly(probe, cls, index, value):
    _fill(probe, cls, index, value, numeric=False, raw=True)
    probe.assert_clean()
