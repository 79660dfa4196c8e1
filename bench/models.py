"""A proxy of machina's Post indexed by Wagtail's search (the peer "Wagtail database backend").

Proxy only: no table, no migration; installed only by bench.settings.
"""

from machina.core.db.models import get_model
from wagtail.search import index

Post = get_model("forum_conversation", "Post")


class WagtailIndexedPost(index.Indexed, Post):
    search_fields = [
        index.SearchField("subject", boost=2),
        index.SearchField("content"),
        index.AutocompleteField("subject"),
        index.FilterField("approved"),
        index.FilterField("topic_id"),
    ]

    class Meta:
        proxy = True
        app_label = "bench"

    @classmethod
    def get_indexed_objects(cls):
        return cls.objects.filter(approved=True)
