"""`{% link 'forum_member:profile' user_id %}`: the `{% url %}` of the links a forum page repeats
(per post, per topic, per forum), remembered (tavolone/lib/links.py); same output, `as var`
too."""

from django import template

from tavolone.lib.links import cached_reverse

register = template.Library()


@register.simple_tag
def link(viewname: str, *args) -> str:
    return cached_reverse(viewname, *args)
