"""A topic page's fragments, mostly from the cache (forum/topic_fragments.py):
`{% topic_post_cards posts as cards %}` its posts with their cards, (post, html) pairs;
`{% topic_breadcrumb %}` its breadcrumb."""

from django import template

from forum import topic_fragments

register = template.Library()


@register.simple_tag(takes_context=True)
def topic_post_cards(context, posts) -> list:
    return topic_fragments.cards(list(posts), context)


@register.simple_tag(takes_context=True)
def topic_breadcrumb(context) -> str:
    return topic_fragments.breadcrumb(context)
