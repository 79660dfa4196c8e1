from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "tavolone.pagecache"
    label = "pagecache"
    verbose_name = "Page cache"

    def ready(self) -> None:
        from django.db.models.signals import post_save
        from machina.apps.forum_conversation import receivers
        from machina.apps.forum_conversation.signals import topic_viewed
        from wagtail.images import get_image_model

        from tavolone.pagecache import events, renditions, views

        events.connect()
        post_save.connect(renditions.image_saved, get_image_model(), dispatch_uid="pc_renditions")
        # machina's receiver writes views_count on every topic view: counted in the cache here.
        topic_viewed.disconnect(receivers.update_topic_counter)
        topic_viewed.connect(views.topic_viewed, dispatch_uid="tavolone_pagecache_views")
