"""Requests no page would send, found by the hostile corpus (tests/hardening): a clear answer,
never a server error."""

import pytest

from tests.community.roles_fixtures import login


@pytest.mark.parametrize("target", ["9223372036854775808", "spazi", "-1", "１２"])
def test_a_confirm_with_a_next_that_is_no_path_goes_back_to_the_space(client, editor, tree, target):
    response = login(client, editor).post(f"/spazi/dati/{tree['a'].pk}/conferma/", {"next": target})
    assert response.status_code == 302
    assert response["Location"] == tree["a"].url


@pytest.mark.parametrize("query", ['"', 'il "tavolo', '<a href="x">alert(1)</a>'])
def test_an_editor_searching_the_page_explorer_with_quotes_gets_results(
    client, editor, tree, query
):
    client = login(client, editor)
    explorer = client.get("/admin/pages/").get("Location", "/admin/pages/")  # the editor's root
    response = client.get(explorer, {"q": query})
    assert response.status_code == 200


def test_wagtails_deliberate_error_page_is_not_there(client, editor):
    assert login(client, editor).get("/admin/failwhale/").status_code == 404
