"""Every page type of the demo, and the main forum, account and admin pages, render in Italian
and in English with no interface string of ours left in the other language (content excepted:
the catalogue's strings are what is looked for)."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from . import pages


@pytest.mark.parametrize("language", ["it", "en"])
def test_every_page_speaks_one_language(client, demo, language):
    foreign = pages.foreign_strings(language)
    problems = []
    for who, urls in pages.demo_urls().items():
        client.logout()
        if who != "anonymous":
            client.force_login(get_user_model().objects.get(username=who))
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        for url in urls:
            response = client.get(url)
            assert response.status_code in (200, 404), (who, url, response.status_code)
            hits = pages.leaks(response.content.decode(), foreign)
            problems += [f"{who} {url}: {hit}" for hit in hits]
    assert not problems, "\n".join(problems)


def test_every_template_says_its_words_through_a_translation_tag():
    found = pages.untranslated_template_text(Path(settings.BASE_DIR) / "templates")
    assert not found, "Wrap these in {% translate %}:\n" + "\n".join(found)
