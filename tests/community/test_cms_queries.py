"""List pages run a bounded number of SQL queries, the same at 10 and at 100 items."""

import pytest
import wagtail_factories

from community.models import SpaceGalleryImage
from tests.community.factories import NewsPageFactory, SpacePageFactory

# One bound per page, checked at both sizes: growth with the item count would break it.
BOUNDS = {
    "/": 24,
    "/spazi/": 18,
    "/spazi/?view=map&amenity=wifi": 18,
    "/news/": 14,
    "/news/?tag=eventi": 15,
}


@pytest.fixture(params=[10, 100])
def filled(request, cms_tree):
    image = wagtail_factories.ImageFactory()
    for i in range(request.param):
        space = SpacePageFactory(parent=cms_tree.spaces, amenities=["wifi", "cucina"])
        SpaceGalleryImage.objects.create(page=space, image=image)
        article = NewsPageFactory(parent=cms_tree.news, tags=["eventi", f"tag-{i}"])
        article.related_spaces = [space]
        article.save()
    return request.param


@pytest.mark.parametrize("url", BOUNDS)
def test_list_pages_run_a_bounded_number_of_queries(
    client, filled, url, django_assert_max_num_queries
):
    client.get(url)  # warm-up: renditions and site root paths are created/cached once
    with django_assert_max_num_queries(BOUNDS[url]):
        response = client.get(url)
    assert response.status_code == 200
    assert (
        len(
            response.context["spaces" if "spazi" in url else "articles"]
            if url != "/"
            else response.context["featured_spaces"]
        )
        > 0
    )
