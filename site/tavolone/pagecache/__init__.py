"""Whole anonymous pages cached by the site itself, with exact invalidation (issue 16).

- tags.py: a generation counter per dependency tag ("page:12", "topic:7", "forum", …); a
  stored page remembers the generations it was rendered at and is stale once any has moved.
- policy.py: which tags and browser max-age each page type has (declared per request).
- events.py: the changes (page published, post saved, …) mapped to the tags they bump.
- middleware.py: serves and stores the pages, and writes Cache-Control, ETag and 304s.
- views.py: topic view counts kept in the cache, flushed by the worker.
- fragments.py: blocks the same for many viewers, kept rendered under the same tags.
"""
