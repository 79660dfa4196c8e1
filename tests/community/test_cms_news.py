"""The news index: pagination, filters by tag and by space, and the article's related spaces."""

import pytest

from tests.community.factories import NewsPageFactory, SpacePageFactory


@pytest.fixture
def articles(cms_tree):
    isola = SpacePageFactory(parent=cms_tree.spaces, title="Isola", slug="isola")
    tagged = NewsPageFactory(parent=cms_tree.news, title="Festa a Isola", tags=["eventi"])
    tagged.related_spaces = [isola]
    tagged.save()
    NewsPageFactory(parent=cms_tree.news, title="Guida", tags=["guide"])
    NewsPageFactory(parent=cms_tree.news, title="Senza tag")
    return cms_tree


def titles(response):
    return sorted(a.title for a in response.context["articles"])


def test_the_tag_page_lists_only_articles_with_that_tag(visitor, articles):
    response = visitor.get("/news/?tag=eventi")
    assert titles(response) == ["Festa a Isola"]
    assert (
        '<link rel="canonical" href="http://127.0.0.1:8000/news/?tag=eventi">'
        in response.content.decode()
    )


def test_the_space_filter_lists_articles_about_that_space(visitor, articles):
    assert titles(visitor.get("/news/?space=isola")) == ["Festa a Isola"]


@pytest.mark.parametrize(
    "query, explanation",
    [
        ("?tag=<b>nope</b>", "No article is tagged"),
        ("?space=atlantide", "No space"),
        ("?page=x", "not a page"),
    ],
)
def test_unknown_tags_and_spaces_are_explained_and_everything_is_shown(
    visitor, articles, query, explanation
):
    response = visitor.get("/news/" + query)
    assert response.status_code == 200
    assert explanation in response.content.decode() and "<b>nope" not in response.content.decode()
    assert len(titles(response)) == 3


def test_the_index_paginates_ten_articles_a_page_newest_first(visitor, cms_tree):
    import datetime

    for day in range(1, 13):
        NewsPageFactory(
            parent=cms_tree.news, title=f"Giorno {day:02d}", date=datetime.date(2026, 3, day)
        )
    first = visitor.get("/news/").context["articles"]
    assert len(first) == 10 and first[0].title == "Giorno 12"
    assert [a.title for a in visitor.get("/news/?page=2").context["articles"]] == [
        "Giorno 02",
        "Giorno 01",
    ]


def test_an_article_links_its_tags_to_the_tag_page(visitor, articles):
    page = articles.news.get_children().specific().get(title="Festa a Isola")
    html = visitor.get(page.url).content.decode()
    assert 'href="/news/?tag=eventi"' in html
    assert "tv-related" in html and ">Isola</a>" in html


def test_the_author_is_shown_by_name(visitor, cms_tree, django_user_model):
    author = django_user_model.objects.create_user(
        "redattrice", first_name="Anna", last_name="Neri"
    )
    page = NewsPageFactory(parent=cms_tree.news, author=author)
    assert "Anna Neri" in visitor.get(page.url).content.decode()


def test_the_topic_list_names_only_tags_of_articles_a_visitor_may_see(visitor, articles):
    draft = NewsPageFactory(parent=articles.news, title="Bozza", tags=["segreto"])
    draft.unpublish()
    response = visitor.get("/news/")
    assert [t.slug for t in response.context["all_tags"]] == ["eventi", "guide"]
    assert "segreto" not in response.content.decode()


def test_the_index_offers_its_space_filter_as_a_select_that_filters(visitor, articles):
    import re

    html = visitor.get("/news/").content.decode()
    form = re.search(r'<form method="get" action="([^"]+)" class="[^"]*tv-news-space-filter', html)
    options = re.findall(r'<option value="([^"]+)">([^<]+)</option>', html)
    assert options == [("isola", "Isola")]  # only the spaces some article is about
    assert titles(visitor.get(f"{form.group(1)}?space={options[0][0]}")) == ["Festa a Isola"]


def test_the_tags_heading_reads_argomenti_in_italian_not_discussioni(client, visitor, articles):
    assert '<h2 class="h5">Argomenti</h2>' in client.get("/news/").content.decode()
    assert '<h2 class="h5">Topics</h2>' in visitor.get("/news/").content.decode()


def test_the_space_filter_offers_no_space_that_only_a_draft_is_about(visitor, articles):
    brera = SpacePageFactory(parent=articles.spaces, title="Brera", slug="brera")
    draft = NewsPageFactory(parent=articles.news, title="Bozza su Brera")
    draft.related_spaces = [brera]
    draft.save()
    draft.unpublish()

    spaces = visitor.get("/news/").context["all_spaces"]

    assert [s.slug for s in spaces] == ["isola"]
