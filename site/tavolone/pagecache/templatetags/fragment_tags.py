"""`{% fragment spec %}…{% endfragment %}`: the block rendered once and reused while the tags
of `spec` (a pagecache.fragments.Fragment) hold; without a spec, rendered every time."""

from __future__ import annotations

from django import template
from django.utils.safestring import mark_safe

from tavolone.pagecache.fragments import rendered

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist: template.NodeList, spec: template.base.FilterExpression):
        self.nodelist, self.spec = nodelist, spec

    def render(self, context: template.Context) -> str:
        spec = self.spec.resolve(context)
        if not spec:  # (none given: an unset variable renders as "")
            return self.nodelist.render(context)
        request = context.get("request")
        return mark_safe(rendered(spec, request, lambda: self.nodelist.render(context)))  # noqa: S308 (the template's own output)


@register.tag("fragment")
def do_fragment(parser: template.base.Parser, token: template.base.Token) -> FragmentNode:
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% fragment spec %} takes one argument.")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, parser.compile_filter(bits[1]))
