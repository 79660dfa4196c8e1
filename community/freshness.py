"""Space data freshness: when a space's profile was last confirmed, who may confirm it, and
visitors' "this information is outdated" reports: grouped per space within REPORT_WINDOW (one
email to hosts and editors per window, a count in the admin's "Spaces to check")."""

from __future__ import annotations

import datetime
import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from wagtail.models import Page, Revision

from community.models import OutdatedReport, SpacePage
from community.roles import EDITORS, MODERATORS
from tavolone.accounts.services import in_groups

STALE_AFTER = datetime.timedelta(days=180)
REPORT_MAX_LENGTH = 1000
REPORT_WINDOW = datetime.timedelta(days=1)  # reports of a space within it: one email, a count
REPORT_MESSAGES_MAX = 20_000  # characters of messages kept on one grouped report


def stale_cutoff(today: datetime.date | None = None) -> datetime.date:
    return (today or timezone.localdate()) - STALE_AFTER


def is_stale(space: SpacePage, today: datetime.date | None = None) -> bool:
    """Never confirmed, or confirmed more than 180 days ago (same rule as SpacePage.is_stale)."""
    if hasattr(space, "is_stale"):  # the model's own rule, when it has one
        return space.is_stale(today)
    return space.last_confirmed is None or space.last_confirmed < stale_cutoff(today)


def stale_spaces(today: datetime.date | None = None) -> QuerySet[SpacePage]:
    """Spaces whose data wants a check, oldest confirmation first (never confirmed on top)."""
    cutoff = stale_cutoff(today)
    return SpacePage.objects.filter(
        Q(last_confirmed__isnull=True) | Q(last_confirmed__lt=cutoff)
    ).order_by("last_confirmed", "title")


def spaces_to_check(today: datetime.date | None = None) -> QuerySet[SpacePage]:
    """Stale spaces and those reported outdated since their data was confirmed, each with
    `outdated_reports_count`; reported ones first, then the oldest confirmation."""
    cutoff = stale_cutoff(today)
    spaces = open_reports(SpacePage.objects.all())
    stale = Q(last_confirmed__isnull=True) | Q(last_confirmed__lt=cutoff)
    return spaces.filter(stale | Q(outdated_reports_count__gt=0)).order_by(
        "-outdated_reports_count", F("last_confirmed").asc(nulls_first=True), "title"
    )


def stale_space_ids(today: datetime.date | None = None) -> set[int]:
    """For listings (the directory): one query, then `space.pk in ids` per card."""
    return set(stale_spaces(today).values_list("pk", flat=True))


def can_confirm(user, space: SpacePage, hosts: list | None = None) -> bool:
    """Hosts of the space, Editors and Moderators (and superusers). `hosts`: the space's hosts
    when the page already read them."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or in_groups(user, (EDITORS, MODERATORS)):
        return True
    if hosts is not None:
        return any(host.pk == user.pk for host in hosts)
    return space.hosts.filter(pk=user.pk).exists()


def confirm(space: SpacePage, today: datetime.date | None = None) -> datetime.date:
    """Mark the data current. Metadata, not content: no new revision, no moderation. The date is
    also written into the latest revision, so publishing an older draft cannot roll it back."""
    today = today or timezone.localdate()
    SpacePage.objects.filter(pk=space.pk).update(last_confirmed=today)
    space.last_confirmed = today
    OutdatedReport.objects.filter(space_id=space.pk).update(resolved=True)
    revision = Revision.objects.filter(pk=space.latest_revision_id).first()
    if revision is not None and isinstance(revision.content, dict):
        revision.content["last_confirmed"] = today.isoformat()
        Revision.objects.filter(pk=revision.pk).update(content=revision.content)
    from tavolone.pagecache.events import space_confirmed

    space_confirmed(space)  # its page and the directory show the date
    return today


def report_recipients(space: SpacePage) -> list[str]:
    User = get_user_model()
    users = User.objects.filter(is_active=True).filter(
        Q(hosted_spaces=space) | Q(groups__name=EDITORS)
    )
    return sorted({u.email for u in users.distinct() if u.email})


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def quote_visitor_text(text: str) -> str:
    """Plain-text email: drop control characters and quote every line with "> ", so a visitor
    cannot make their words look like the email's own lines (links, signatures)."""
    lines = _CONTROL.sub("", text).strip().splitlines() or [""]
    return "\n".join(f"> {line}" for line in lines)


def reporter_key(ip: str) -> str:
    """Where a report came from, as a keyed hash of the client address (neither the address
    nor the account is stored): the same reporter counts once per group."""
    return salted_hmac("community.outdated-report", ip).hexdigest()[:32]


def _count_report(space: SpacePage, message: str, reporter: str) -> OutdatedReport | None:
    """Add this report to the space's open group; the new group if it opens one (to email),
    None if it joined one (or repeated its reporter's) within REPORT_WINDOW."""
    Page.objects.select_for_update().filter(pk=space.pk).first()  # one report at a time
    since = timezone.now() - REPORT_WINDOW
    groups = space.outdated_reports.filter(opened_at__gte=since, resolved=False)
    group = groups.order_by("-opened_at").first()
    if group is None:
        return OutdatedReport.objects.create(space=space, reporters=[reporter], messages=message)
    if reporter not in group.reporters:
        group.count = F("count") + 1
        group.reporters = [*group.reporters, reporter]
        if message.strip():
            group.messages = f"{group.messages}\n---\n{message}"[:REPORT_MESSAGES_MAX]
        group.save()
    return None


def open_reports(spaces: QuerySet[SpacePage]) -> QuerySet[SpacePage]:
    """`spaces` with `outdated_reports_count`: reports since the data was last confirmed."""
    reports = OutdatedReport.objects.filter(space=OuterRef("pk"), resolved=False)
    total = reports.values("space").annotate(n=Sum("count")).values("n")
    return spaces.annotate(
        outdated_reports_count=Coalesce(Subquery(total, output_field=IntegerField()), 0)
    )


def report_outdated(space: SpacePage, message: str, page_url: str, reporter: str = "") -> int:
    """Record the report; the first of the space's window emails the hosts and the editors.
    Returns how many addresses were notified (0 when the report joined an open group)."""
    with transaction.atomic():
        if _count_report(space, message, reporter) is None:
            return 0
    recipients = report_recipients(space)
    if not recipients:
        return 0
    # The subject holds only our own text and the title (editor-written, single line).
    subject = _("Outdated information reported: %(space)s") % {
        "space": " ".join(space.title.split())
    }
    body = _(
        "A visitor reports that the information on this space may be outdated.\n\n"
        "Space: %(space)s\nPage: %(url)s\nLast confirmed: %(confirmed)s\n\n"
        "Their message:\n%(message)s\n\n"
        "Please check the page and confirm its data (or update it).\n"
    ) % {
        "space": space.title,
        "url": page_url,
        "confirmed": space.last_confirmed.isoformat() if space.last_confirmed else _("never"),
        "message": quote_visitor_text(message) if message.strip() else _("(no message)"),
    }
    body += "\n" + _(
        "Further reports of this space in the next 24 hours are counted in the admin's "
        '"Spaces to check", not emailed.'
    )
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    return len(recipients)
