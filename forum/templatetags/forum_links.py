"""`{% link 'forum_member:profile' user_id %}`: the `{% url %}` of the links a forum page repeats
(per post, per topic, per forum), remembered (tavolone/lib/links.py); same output, `as var`
too."""

from django import template

from tavolone.lib.links import cached_reverse

register = template.Library()


@register.simple_tag
def link(viewname: str, *args) -> str:
    return cached_reverse(viewname, *args)


@register.simple_tag
def page_links(page, paginator) -> list[tuple[int | None, str]]:
    """The items of machina's pagination (partials/pagination.html): (number, "") for a page's
    link, (None, href) for an ellipsis ("#" after the first, "" before the last). Its template
    decided each number with a dozen comparisons, some raising (no previous page): per list,
    twice a page."""
    current, last = page.number, paginator.num_pages
    inner = page.has_previous() and page.has_next()
    items: list[tuple[int | None, str]] = []
    for number in paginator.page_range:
        if number == 1:
            items.append((number, ""))
            if current > 4 and last > 6:
                items.append((None, "#"))
        elif number == last:
            if current < last - 3 and last > 6:
                items.append((None, ""))
            items.append((number, ""))
        elif (
            (current < 3 and number <= 5)
            or (current > last - 2 and number >= last - 4)
            or (inner and current - 2 <= number <= current + 2)
        ):
            items.append((number, ""))
    return items
