"""Profiles the tests read besides the bundled one, by their files."""

from __future__ import annotations

import json
from pathlib import Path

import attrs

import picum


#: The profile of a made-up organisation, which the docs' how-to publishes: not PICUM's shape.
EXAMPLE_PROFILE = Path(__file__).parents[1] / "docs" / "examples" / "example-shelter-network.json"


def _unlinked_picum() -> bytes:
    """PICUM's bundled profile, its links to the profiles of the bundled catalogue left out."""
    document = json.loads(picum.bundled_profile())
    for item in (*document["network_memberships"]["items"], *document["members"]["items"]):
        item["organisation"] = None
    return json.dumps(document).encode()


#: PICUM's profile, valid alone and linking to no other.
UNLINKED_PICUM = _unlinked_picum()
#: The example profile, read.
EXAMPLE = picum.load(EXAMPLE_PROFILE)


def named(id_: str, name: str, acronym: str | None = None) -> picum.Organisation:
    """The example profile under another id, name and acronym."""
    identity = attrs.evolve(EXAMPLE.identity, name=name, acronym=acronym)
    return attrs.evolve(EXAMPLE, id=id_, identity=identity)


def linked(org: picum.Organisation, network: str) -> picum.Organisation:
    """*org*, its first network membership linked to the profile *network*."""
    memberships = org.network_memberships
    assert memberships is not None
    first = attrs.evolve(memberships.items[0], organisation=network)
    items = (first, *memberships.items[1:])
    return attrs.evolve(org, network_memberships=attrs.evolve(memberships, items=items))


#: A catalogue of organisations named in five scripts.
SCRIPTS = picum.Catalogue.from_profiles(
    [
        named("greek", "Ελληνικό Φόρουμ Μεταναστών", "ΕΦΜ"),
        named("russian", "Гражданское содействие"),
        named("japanese", "移住者と連帯する全国ネットワーク", "移住連"),
        named("czech", "Konsorcium nevládních organizací pracujících s migranty"),
        named("french", "Plateforme pour la Coopération Internationale", "PICUM"),
    ]
)


def built(catalogue: picum.Catalogue, folder: Path) -> picum.Catalogue:
    """Write *catalogue* built, as ``catalogue.sqlite`` in *folder*, and open what was written."""
    path = folder / "catalogue.sqlite"
    picum.write_built_catalogue(catalogue, path)
    return picum.Catalogue.from_built(path)


def network(members: int) -> picum.Catalogue:
    """The bundled catalogue, and *members* more profiles, each linked to PICUM as its member.

    With more than 50, PICUM's members, and the list of organisations, take pages.
    """
    bundled = picum.Catalogue.bundled()
    more = [
        linked(named(f"member-{number}", f"Member {number}"), "picum") for number in range(members)
    ]
    return picum.Catalogue.from_profiles([*bundled.profiles.values(), *more])
