"""What the engines are given to index: documents read from pages and threads in bulk."""

from __future__ import annotations

from search import sources
from tests.search import helpers


def test_an_articles_document_carries_its_tags_and_reads_its_blocks_apart(db):
    tagged = helpers.news("Festa", body="<p>Musica</p><p><b>dal</b> vivo &amp; cena</p>")
    tagged.tags.add("eventi", "musica")
    tagged.save_revision().publish()
    plain = helpers.news("Senza tag", body="<p>niente</p>")
    docs = {d["key"]: d for d in sources.all_docs()}
    assert sorted(docs[f"page:{tagged.pk}"]["tags"]) == ["eventi", "musica"]
    assert docs[f"page:{tagged.pk}"]["body"] == "Musica dal vivo & cena"
    assert docs[f"page:{plain.pk}"]["tags"] == []
    updated = sources.resolve([("page", tagged.pk)])[0]  # a single update reads the same
    assert [sorted(d["tags"]) for d in updated] == [["eventi", "musica"]]


def test_a_spaces_rich_text_description_is_indexed_as_plain_text(db):
    space = helpers.space(
        "Officina", description="<p>Sala <i>riunioni</i></p><ul><li>caffè</li></ul>"
    )
    (doc,) = sources.resolve([("page", space.pk)])[0]  # (a space's forum has no threads yet)
    assert doc["body"].endswith("Sala riunioni caffè")
