"""Wagtail page lifecycle → forum: what the forum derives from a page follows the page.

Unpublishing (also the scheduler's expiry), deleting, moving, and any view restriction on the
page or above it: events that need no page type. Publishing is community's to announce: it
knows which pages are spaces and articles (community/receivers.py → forum/services.py).
Whether a derived topic or forum shows is decided when read (forum/derived.py); these keep the
rest in step: the topic's or forum's content and open/closed state, and the forum counters.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from machina.core.db.models import get_model
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_unpublished, post_page_move

from forum import cms, notifications, queue_mail

Post = get_model("forum_conversation", "Post")


@receiver(page_unpublished)
def on_page_unpublished(sender, instance, **kwargs):
    cms.page_unpublished(instance.pk)


@receiver(pre_delete)
def on_page_deleting(sender, instance, **kwargs):
    # Sent for the specific class and for Page itself: act once, on the base Page row.
    if sender is Page:
        cms.page_withdrawn(instance.pk)


@receiver(post_delete)
def on_page_deleted(sender, instance, **kwargs):
    if sender is Page:
        cms.refresh_counters_of_orphans()


@receiver(post_page_move)
def on_page_moved(sender, instance, **kwargs):
    cms.refresh_counters_under(instance)


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def on_restriction_changed(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        cms.refresh_counters_under(page)


@receiver(post_save, sender=Post)
def on_post_saved(sender, instance, created, **kwargs):
    # machina sets topic.first_post after saving the post: a new head post still sees None.
    is_head = instance.topic.first_post_id in (None, instance.pk)
    if created and is_head and instance.poster_id:
        # Authors follow their own topics by default.
        instance.topic.subscribers.add(instance.poster_id)
    if created and not instance.approved:
        # A new item in the approval queue: the next digest round tells its moderators.
        queue_mail.record(instance)
    if instance.approved and not is_head and notifications.claim(instance):
        post_id = instance.pk
        transaction.on_commit(lambda: notifications.send_reply_notifications.enqueue(post_id))
