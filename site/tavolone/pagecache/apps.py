from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "tavolone.pagecache"
    label = "pagecache"
    verbose_name = "Page cache"

    def ready(self) -> None:
        from django.core.signals import request_finished, request_started
        from django.db.models.signals import post_save
        from machina.apps.forum_conversation import receivers
        from machina.apps.forum_conversation.signals import topic_viewed
        from wagtail.images import get_image_model

        from tavolone.pagecache import events, memo, renditions, views

        events.connect()
        request_started.connect(memo.request_started, dispatch_uid="pc_memo_started")
        request_finished.connect(memo.request_finished, dispatch_uid="pc_memo_finished")
        post_save.connect(renditions.image_saved, get_image_model(), dispatch_uid="pc_renditions")
        # machina's receiver writes views_count on every topic view: counted in the cache here.
        topic_viewed.disconnect(receivers.update_topic_counter)
        topic_viewed.connect(views.topic_viewed, dispatch_uid="tavolone_pagecache_views")
