"""The soak's own logic, without a staging run: what it submits and what it counts as failed.
(The soak itself runs against staging: `make soak`, and its smoke in `make staging`.)"""

from bench.soak_http import Answer, Recorder, fill, form_with
from bench.soak_report import summarize

POST_FORM = """
<form method="get" action="/cerca/"><input name="q" value=""></form>
<form method="post" action=".">
  <input type="hidden" name="csrfmiddlewaretoken" value="tok">
  <input type="text" name="subject" value="">
  <textarea name="content">
old</textarea>
  <select name="topic_type"><option value="0">normal</option><option value="1" selected>sticky
  </option></select>
  <input type="checkbox" name="enable_signature" checked>
  <input type="checkbox" name="lock_topic">
  <input type="file" name="attachment-0-file">
  <input type="submit" name="preview" value="Anteprima">
</form>
"""


def test_it_submits_a_form_as_a_browser_would():
    fields = fill(form_with(POST_FORM, "content"), content="new")
    assert dict(fields) == {
        "csrfmiddlewaretoken": "tok",
        "subject": "",
        "topic_type": "1",
        "enable_signature": "on",
        "content": "new",
    }


def record(rec: Recorder, kind: str, status: int, at: float, ms: float = 100) -> None:
    rec.add(kind, "/", Answer(status, "", "", ms))
    rec.samples[-1].at = at


def test_only_search_503s_in_the_outage_and_one_request_per_killed_worker_are_excused():
    rec = Recorder()
    record(rec, "search", 503, at=12.0)  # in the outage (10–20 s)
    record(rec, "home", 502, at=15.5, ms=1000)  # in flight on the worker killed at 15 s
    record(rec, "topic", 502, at=15.6, ms=1000)  # a second one: not excused
    record(rec, "search", 503, at=30.0)  # after the outage
    summary = summarize(rec, 40.0, [10.0, 20.0], [15.0])
    assert summary["search_503_in_outage"] == 1
    assert summary["failed_pages"] == 1
    assert summary["failed_search_outside_outage"] == 1
