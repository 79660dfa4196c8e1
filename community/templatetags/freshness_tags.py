"""`{% space_freshness page %}`: the "data confirmed on" line, the host's one-click confirm and
the visitors' "report outdated information" form (see templates/includes/freshness.html)."""

from django import template

from community import freshness
from community.freshness_views import OutdatedReportForm

register = template.Library()


@register.inclusion_tag("includes/freshness_box.html", takes_context=True)
def space_freshness(context, space):
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "request": request,
        "space": space,
        "stale": freshness.is_stale(space),
        # The space page's own list of hosts, when it is this space's: no query to ask again.
        "can_confirm": user is not None
        and freshness.can_confirm(user, space, _hosts_of(context, space)),
        "report_form": OutdatedReportForm(),
        "message_max": freshness.REPORT_MAX_LENGTH,
    }


def _hosts_of(context, space) -> list | None:
    page = context.get("page")
    hosts = context.get("hosts")
    return hosts if page is not None and page.pk == space.pk and hosts is not None else None


@register.simple_tag
def stale_space_ids():
    """For directory listings: `{% stale_space_ids as stale_ids %}` then `space.pk in stale_ids`."""
    return freshness.stale_space_ids()
