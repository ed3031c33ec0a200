"""A new organisation's first profile: the least a valid profile holds, from a few answers.

`picum init` writes it; the organisation's people then add what their sources say.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import orjson

from ._organisation import Organisation, OrganisationType
from ._sources import Licence
from ._wire import SCHEMA_REFERENCE, dumps, loads


if TYPE_CHECKING:
    from datetime import date


#: The licences `picum init` knows by their SPDX identifiers: common ones for open data.
#: Any other licence can be written in the profile file itself.
LICENCES = {
    licence.spdx_id: licence
    for licence in (
        Licence(
            spdx_id="CC0-1.0",
            name="Creative Commons Zero v1.0 Universal",
            url="https://creativecommons.org/publicdomain/zero/1.0/",
        ),
        Licence(
            spdx_id="CC-BY-4.0",
            name="Creative Commons Attribution 4.0 International",
            url="https://creativecommons.org/licenses/by/4.0/",
        ),
        Licence(
            spdx_id="CC-BY-SA-4.0",
            name="Creative Commons Attribution-ShareAlike 4.0 International",
            url="https://creativecommons.org/licenses/by-sa/4.0/",
        ),
        Licence(
            spdx_id="CC-BY-SA-3.0",
            name="Creative Commons Attribution-ShareAlike 3.0 Unported",
            url="https://creativecommons.org/licenses/by-sa/3.0/",
        ),
        Licence(
            spdx_id="ODC-By-1.0",
            name="Open Data Commons Attribution License v1.0",
            url="https://opendatacommons.org/licenses/by/1-0/",
        ),
        Licence(
            spdx_id="ODbL-1.0",
            name="Open Data Commons Open Database License v1.0",
            url="https://opendatacommons.org/licenses/odbl/1-0/",
        ),
    )
}


def slug_of(name: str) -> str:
    """Make an id (a slug) of a name: lower-case letters and digits joined by ``-``.

    >>> slug_of("Example Shelter Network (fictional)")
    'example-shelter-network-fictional'
    """
    return "-".join(re.findall(r"[a-z0-9]+", name.lower()))


def skeleton(  # noqa: PLR0913 - one argument per answer the profile needs
    *,
    name: str,
    type_: OrganisationType,
    aim: str,
    source_url: str,
    source_title: str,
    source_id: str,
    accessed: date,
    licence: Licence,
    attribution: str,
    acronym: str | None = None,
    id_: str | None = None,
) -> Organisation:
    """Return the least profile of an organisation: who it is, its aim, one source, the licence.

    The organisation's identity and aim name the one source; *accessed* is the day it was read.
    The id is *id_*, or else a slug of the acronym or the name. Raises
    `picum.ValidationError` listing every problem, each with the path of the field it is in.
    """
    document = {
        "id": id_ if id_ is not None else slug_of(acronym or name),
        "identity": {
            "acronym": acronym,
            "name": name,
            "type": type_.value,
            "sources": [source_id],
        },
        "aim": {"statement": aim, "sources": [source_id]},
        "sources": [
            {
                "id": source_id,
                "title": source_title,
                "url": source_url,
                "accessed": accessed.isoformat(),
            }
        ],
        "licence": {"spdx_id": licence.spdx_id, "name": licence.name, "url": licence.url},
        "attribution": attribution,
    }
    # Through the loader, so that a problem is reported with its path, as `picum validate` does.
    return loads(dumps(document), Organisation)


def profile_file(org: Organisation, schema: str) -> bytes:
    """Write *org* as a profile file that names its JSON Schema's address, *schema*, first."""
    return dumps({SCHEMA_REFERENCE: schema, **orjson.loads(dumps(org))}, pretty=True)
