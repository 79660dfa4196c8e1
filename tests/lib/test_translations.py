"""The msgid extractor reads templates and Python the way xgettext would, without gettext."""

from tavolone.lib import translations


def test_the_extractor_finds_trans_blocktrans_and_gettext_calls(tmp_path, settings):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "x.html").write_text(
        '{% load i18n %}{% trans "Plain" %} {% translate "Ctx" context "menu" %}\n'
        "{% blocktrans trimmed count n=k %}\n  One {{ n }} desk\n"
        "{% plural %}{{ n }} desks{% endblocktrans %}"
    )
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "y.py").write_text(
        'from django.utils.translation import gettext_lazy as _\nX = _("From " "Python")\n'
        'Y = _(f"skip {X}")\n'
    )
    settings.BASE_DIR = tmp_path
    found = translations.extract()
    assert {("", "Plain"), ("menu", "Ctx"), ("", "One %(n)s desk"), ("", "From Python")} <= set(
        found
    )
    assert found[("", "One %(n)s desk")].plural == "%(n)s desks"
    assert not any("skip" in msgid for _, msgid in found)
