"""A vocabulary's terms (amenities, skills) are listed by name and shown by their name."""

from community.models import Amenity
from people.models import Skill


def test_amenities_and_skills_are_listed_by_name_and_shown_by_it(db):
    for model in (Amenity, Skill):
        model.objects.bulk_create([model(name=n, slug=n.lower()) for n in ("Zeta", "Alfa")])
        assert [str(term) for term in model.objects.filter(slug__in=["zeta", "alfa"])] == [
            "Alfa",
            "Zeta",
        ]
