"""The demo network's forum content. Idempotent by name."""

from __future__ import annotations

from machina.core.db.models import get_model

Forum = get_model("forum", "Forum")


def load(*, home, users, stdout) -> None:
    stdout.write(f"  {Forum.objects.count()} forums")
