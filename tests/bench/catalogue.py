"""A generated catalogue for scale: many fictional profiles shaped like real ones (issue 23, item 6).

Each profile is the Example Shelter Network's, made another fictional organisation's: its own id
and names (in Latin, Greek, Cyrillic or Japanese script), three areas of activity, two network
memberships linking the profiles of two others of the catalogue, two sources, and ten dated
member counts; pretty-printed as a curator keeps it,
about 8 KB. One in a thousand is large (about 100 KB: many more activities). Made by the bench,
never committed: nothing in it is a fact about any real organisation.
"""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path
from typing import Any

from tests.profiles import EXAMPLE_PROFILE


#: Names in four scripts, so that search and pages meet each.
WORDS = {
    "latin": ["Réseau", "Solidarité", "Migrants", "Azil", "Hilfe", "Casa", "Ayuda", "Brücke"],
    "greek": ["Δίκτυο", "Αλληλεγγύη", "Μετανάστες", "Στέγη", "Βοήθεια", "Γέφυρα"],
    "cyrillic": ["Сеть", "Солидарность", "Мигранты", "Помощь", "Дом", "Мост"],
    "japanese": ["ネットワーク", "移民", "支援", "連帯", "住まい", "架け橋"],
}
SCRIPTS = sorted(WORDS)
#: One profile in this many is large.
LARGE_EVERY = 1000
_LARGE_ACTIVITIES = 300


def _name(rng: random.Random, script: str, number: int) -> str:
    words = rng.sample(WORDS[script], 3)
    return f"{' '.join(words)} {number} (fictional)"


def profile_document(template: dict[str, Any], number: int, count: int) -> dict[str, Any]:
    """Return the document of generated profile *number* of *count*: the same for the same number.

    Its two network memberships link the next two profiles (round the end), where there are
    others to link.
    """
    rng = random.Random(number)  # noqa: S311 - made-up names, the same for the same number
    script = SCRIPTS[number % len(SCRIPTS)]
    document = copy.deepcopy(template)
    document["id"] = f"org-{number:06d}"
    document["identity"]["name"] = _name(rng, script, number)
    document["identity"]["acronym"] = f"O{number}"
    document["aim"]["statement"] = (
        f"To shelter and advise people without papers in {_name(rng, script, number)}, a"
        " fictional place, and to speak for them to its authorities."
    )
    activities = 3 + (_LARGE_ACTIVITIES if number % LARGE_EVERY == LARGE_EVERY - 1 else 0)
    document["activities"] = [
        {
            "id": f"activity-{index}",
            "title": _name(rng, script, index),
            "description": "A fictional area of activity, described in a sentence or two as"
            " sources describe them: what is done, for whom and where.",
            "sources": ["website"],
        }
        for index in range(activities)
    ]
    document["members"]["total_statements"] = [
        {
            "value": {"amount": rng.randrange(5, 500), "qualifier": "exact"},
            "as_of": {"edtf": f"{2015 + year}-12-31", "label": None},
            "rank": "normal",
            "reason": None,
            "note": None,
            "sources": ["annual-report-2024"],
        }
        for year in range(10)
    ]
    for index, membership in enumerate(document["network_memberships"]["items"]):
        membership["network"] = _name(rng, SCRIPTS[(number + index + 1) % 4], number + index)
        if count > len(document["network_memberships"]["items"]):
            membership["organisation"] = f"org-{(number + index + 1) % count:06d}"
    return document


def write_catalogue(folder: Path, count: int) -> int:
    """Write *count* generated profile files into *folder* (made if need be); return their bytes."""
    template = json.loads(EXAMPLE_PROFILE.read_text(encoding="utf-8"))
    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    for number in range(count):
        data = json.dumps(profile_document(template, number, count), ensure_ascii=False, indent=2)
        encoded = data.encode()
        (folder / f"org-{number:06d}.json").write_bytes(encoded)
        written += len(encoded)
    return written
