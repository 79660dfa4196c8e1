"""The demo network's coworkers: a dozen profiles at every visibility level (invented people).

Idempotent: users by username, profiles one per user, skills by slug. In demo mode the new
accounts get the demo password too."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from machina.core.db.models import get_model

from community.services import all_spaces
from people.apps import grant_skill_editing
from people.models import Profile, Skill
from tavolone.home.demo import demo_user

ForumProfile = get_model("forum_member", "ForumProfile")

SKILLS = (
    ("Design grafico", "design-grafico"),
    ("Sviluppo web", "sviluppo-web"),
    ("Fotografia", "fotografia"),
    ("Contabilità", "contabilita"),
    ("Marketing", "marketing"),
    ("Traduzione", "traduzione"),
    ("Architettura", "architettura"),
    ("Scrittura", "scrittura"),
)
P, M, H = Profile.Visibility.PUBLIC, Profile.Visibility.MEMBERS, Profile.Visibility.HIDDEN
# username, display name, visibility, home space slug, skills, tags, open to, bio
PEOPLE = (
    (
        "giulia",
        "Giulia Ferri",
        P,
        "lambrate",
        ["design-grafico"],
        ["illustrazione"],
        "ce",
        "Illustratrice e grafica: copertine, mappe, identità visive per piccole imprese.",
    ),
    (
        "marco",
        "Marco Bassi",
        M,
        "isola",
        ["sviluppo-web"],
        ["django", "python"],
        "cd",
        "Sviluppatore web freelance, sempre a caccia di una scrivania vicino alla Martesana.",
    ),
    (
        "chiara",
        "Chiara Colombo",
        P,
        "navigli",
        ["fotografia"],
        ["ritratti"],
        "e",
        "Fotografa di ritratti e di eventi, con uno studio in comune sui Navigli.",
    ),
    (
        "davide",
        "Davide Rossi",
        P,
        "lambrate",
        ["contabilita"],
        ["partita iva"],
        "c",
        "Commercialista per freelance: fatture, forfettario, dubbi di fine anno.",
    ),
    (
        "elena",
        "Elena Greco",
        M,
        "nolo",
        ["marketing", "scrittura"],
        ["newsletter"],
        "ce",
        "Marketing e contenuti per chi vende online; organizza le colazioni di NoLo.",
    ),
    (
        "francesco",
        "Francesco Moretti",
        P,
        "bovisa",
        ["architettura"],
        ["bim"],
        "d",
        "Architetto, progetta interni di uffici condivisi. Cerca uno scambio di postazione.",
    ),
    (
        "sara",
        "Sara Lombardi",
        M,
        "porta-romana",
        ["traduzione"],
        ["inglese", "tedesco"],
        "c",
        "Traduttrice tecnica dall'inglese e dal tedesco.",
    ),
    (
        "luca",
        "Luca Galli",
        H,
        "isola",
        ["sviluppo-web"],
        ["app"],
        "",
        "Sviluppa app per iOS; il profilo resta nascosto finché non lo completa.",
    ),
    (
        "martina",
        "Martina Conti",
        P,
        "citta-studi",
        ["scrittura"],
        ["podcast"],
        "ce",
        "Autrice e podcaster: storie di lavoro e di quartiere.",
    ),
    (
        "alessandro",
        "Alessandro Fontana",
        H,
        "navigli",
        ["fotografia"],
        [],
        "",
        "Videomaker: profilo nascosto, ma scrive spesso nel forum.",
    ),
    (
        "paola",
        "Paola Mariani",
        M,
        "bicocca",
        ["contabilita", "marketing"],
        ["startup"],
        "c",
        "Aiuta le startup con i conti e con il primo piano di marketing.",
    ),
    (
        "giorgio",
        "Giorgio Ricci",
        P,
        "sarpi",
        ["design-grafico", "sviluppo-web"],
        ["ux"],
        "cde",
        "UX designer: interfacce semplici per servizi pubblici.",
    ),
)
OPEN = {"c": "open_to_collaborations", "d": "open_to_desk_swaps", "e": "open_to_events"}


def _user(username: str):
    return demo_user(username, date_joined=timezone.now() - timedelta(days=300))


def load(*, home, users, stdout) -> None:
    grant_skill_editing()
    skills = {
        slug: Skill.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for name, slug in SKILLS
    }
    spaces = {s.slug: s for s in all_spaces()}
    for username, name, level, space, skill_slugs, tags, open_to, bio in PEOPLE:
        user = _user(username)
        profile, created = Profile.objects.get_or_create(
            user=user,
            defaults={"display_name": name, "visibility": level, "bio": bio}
            | {field: key in open_to for key, field in OPEN.items()},
        )
        if created:
            profile.skills.set([skills[s] for s in skill_slugs])
            profile.tags.set(tags)
        forum_profile = ForumProfile.objects.get_or_create(user=user)[0]
        if forum_profile.home_space_id is None and space in spaces:
            forum_profile.home_space = spaces[space]
            forum_profile.save(update_fields=["home_space"])
    stdout.write(f"People: {len(PEOPLE)} coworker profiles, {len(SKILLS)} skills.")
