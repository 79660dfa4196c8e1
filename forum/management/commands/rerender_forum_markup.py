"""Re-render every stored post, signature and forum description with the current renderer.

machina stores rendered HTML: run this after changing MACHINA_MARKUP_LANGUAGE or the sanitiser's
allow-list, so that nothing rendered by an older (less strict) renderer is left.
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from machina.core.db.models import get_model

from forum.markup import render


class Command(BaseCommand):
    help = "Re-render stored forum markup (posts, signatures, forum descriptions) safely."

    def handle(self, *args, **options):
        targets = (
            (get_model("forum_conversation", "Post"), "content"),
            (get_model("forum_member", "ForumProfile"), "signature"),
            (get_model("forum", "Forum"), "description"),
        )
        for model, field in targets:
            rendered_field = f"_{field}_rendered"
            changed = 0
            with transaction.atomic():
                for pk, raw, old in model.objects.values_list(
                    "pk", field, rendered_field
                ).iterator():
                    new = render(raw) if raw else None
                    if new != old:
                        # update() skips save(): no signals, no "updated" stamps, no trackers.
                        model.objects.filter(pk=pk).update(**{rendered_field: new})
                        changed += 1
            self.stdout.write(f"{model._meta.label}.{field}: {changed} re-rendered")
