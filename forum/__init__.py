"""Tavolone's override of machina's `forum` app (same label, machina's migrations kept)."""

# machina's get_class("forum.views", name) looks for an override in the package of a top-level
# app named `forum`, not in `forum.views` (machina/core/loading.py): hand it our views from here,
# lazily, since this package is imported before Django's app registry is ready.
OVERRIDDEN_VIEWS = {"IndexView", "ForumView"}


def __getattr__(name: str):
    if name in OVERRIDDEN_VIEWS:
        from forum import views

        return getattr(views, name)
    raise AttributeError(f"module 'forum' has no attribute {name!r}")
