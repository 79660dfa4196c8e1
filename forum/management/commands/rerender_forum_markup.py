"""Re-render every stored post, signature and forum description with the current renderer.

machina stores rendered HTML: run this after changing the renderer (MACHINA_MARKUP_LANGUAGE),
the sanitiser's allow-list, the caps or the image hosts (SITE_URL, FORUM_MARKUP_IMAGE_HOSTS), so
that nothing rendered by an older (less strict) renderer is left. Sources over the caps are
stored as escaped plain text and counted apart, so that a moderator may look at them.
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from machina.core.db.models import get_model

from forum.markup import render_checked

TARGETS = (
    ("forum_conversation", "Post", "content"),
    ("forum_member", "ForumProfile", "signature"),
    ("forum", "Forum", "description"),
)
CHUNK = 500  # rows read at a time: memory stays flat on a large forum


class Command(BaseCommand):
    help = "Re-render stored forum markup (posts, signatures, forum descriptions) safely."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="count what would change, write nothing"
        )

    def handle(self, *args, dry_run: bool = False, **options):
        for app_label, model_name, field in TARGETS:
            model = get_model(app_label, model_name)
            rendered_field = f"_{field}_rendered"
            changed = over_caps = 0
            with transaction.atomic():
                rows = model.objects.values_list("pk", field, rendered_field)
                for pk, raw, old in rows.iterator(chunk_size=CHUNK):
                    new, within_caps = render_checked(raw) if raw else (None, True)
                    over_caps += not within_caps
                    if new != old:
                        changed += 1
                        if not dry_run:
                            # update() skips save(): no signals, no "updated" stamps, no trackers.
                            model.objects.filter(pk=pk).update(**{rendered_field: new})
            verb = "to re-render" if dry_run else "re-rendered"
            line = f"{model._meta.label}.{field}: {changed} {verb}"
            if over_caps:
                line += f", {over_caps} over the markup caps (shown as plain text)"
            self.stdout.write(line)
