"""Organisation profiles as typed, validated open data; PICUM's profile is bundled.

>>> import picum
>>> org = picum.load()
>>> org.identity.name
'Platform for International Cooperation on Undocumented Migrants'
>>> str(org.members.ordinary)
'107'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import format1
from ._activities import Activity
from ._answers import Answer, answers
from ._built import (
    BuiltCatalogueError,
    build_catalogue,
    check_built_catalogue,
    write_built_catalogue,
)
from ._catalogue import (
    Catalogue,
    CatalogueEntry,
    CatalogueError,
    CatalogueProblem,
    MembershipLink,
)
from ._choice import Choice, choose, known_on
from ._citations import Citation, CitationType, Correction, Isbn, Name
from ._errors import MAX_LISTED_PROBLEMS, FieldError, Problem, ValidationError
from ._loading import MAX_PROFILE_BYTES, bundled_profile, load, read_profile_file
from ._memberships import Member, Members, NetworkMembership, NetworkMemberships, Scope
from ._organisation import (
    FORMAT,
    Aim,
    Dialogue,
    Frequency,
    Headquarters,
    History,
    Identifier,
    Identity,
    Link,
    Milestone,
    Newsletter,
    Organisation,
    OrganisationType,
)
from ._schema import json_schema, json_schema_definitions
from ._snapshots import as_of, days_of_change
from ._sources import Copy, Licence, Source, SourceKind
from ._statements import (
    ActivitiesStatement,
    DateStatement,
    PlaceStatement,
    QuantityStatement,
    Rank,
    preferred,
)
from ._values import (
    Completeness,
    Country,
    Place,
    Qualifier,
    Quantity,
    UncertainDate,
    edtf_bounds,
)
from ._wire import dumps, format_of, loads, make_converter


__all__ = [
    "FORMAT",
    "MAX_LISTED_PROBLEMS",
    "MAX_PROFILE_BYTES",
    "ActivitiesStatement",
    "Activity",
    "Aim",
    "Answer",
    "BuiltCatalogueError",
    "Catalogue",
    "CatalogueEntry",
    "CatalogueError",
    "CatalogueProblem",
    "Choice",
    "Citation",
    "CitationType",
    "Completeness",
    "Copy",
    "Correction",
    "Country",
    "DateStatement",
    "Dialogue",
    "FieldError",
    "Frequency",
    "Headquarters",
    "History",
    "Identifier",
    "Identity",
    "Isbn",
    "Licence",
    "Link",
    "Member",
    "Members",
    "MembershipLink",
    "Milestone",
    "Name",
    "NetworkMembership",
    "NetworkMemberships",
    "Newsletter",
    "Organisation",
    "OrganisationType",
    "Place",
    "PlaceStatement",
    "Problem",
    "Qualifier",
    "Quantity",
    "QuantityStatement",
    "Rank",
    "Scope",
    "Source",
    "SourceKind",
    "UncertainDate",
    "ValidationError",
    "answers",
    "as_of",
    "build_catalogue",
    "bundled_profile",
    "check_built_catalogue",
    "choose",
    "days_of_change",
    "dumps",
    "edtf_bounds",
    "format1",
    "format_of",
    "json_schema",
    "json_schema_definitions",
    "known_on",
    "load",
    "loads",
    "make_converter",
    "preferred",
    "read_profile_file",
    "write_built_catalogue",
]


if TYPE_CHECKING:
    __version__: str
else:

    def __getattr__(name: str) -> str:
        # Reading the version from the installed metadata costs an import: pay it when asked.
        if name == "__version__":
            from importlib.metadata import version  # noqa: PLC0415

            return version("picum")
        raise AttributeError(f"module 'picum' has no attribute {name!r}")
