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

from ._activities import Activity
from ._citations import Citation, CitationType, Correction, Isbn, Name
from ._errors import FieldError, Problem, ValidationError
from ._loading import MAX_PROFILE_BYTES, bundled_profile, load, read_profile_file
from ._memberships import Members, NetworkMembership, NetworkMemberships, Scope
from ._organisation import (
    Aim,
    Dialogue,
    Frequency,
    Headquarters,
    History,
    Identity,
    Link,
    Milestone,
    Newsletter,
    Organisation,
    OrganisationType,
    Place,
)
from ._schema import json_schema, json_schema_definitions
from ._sources import Licence, Source
from ._values import Completeness, Country, Qualifier, Quantity, UncertainDate, edtf_bounds
from ._wire import dumps, loads, make_converter


__all__ = [
    "MAX_PROFILE_BYTES",
    "Activity",
    "Aim",
    "Citation",
    "CitationType",
    "Completeness",
    "Correction",
    "Country",
    "Dialogue",
    "FieldError",
    "Frequency",
    "Headquarters",
    "History",
    "Identity",
    "Isbn",
    "Licence",
    "Link",
    "Members",
    "Milestone",
    "Name",
    "NetworkMembership",
    "NetworkMemberships",
    "Newsletter",
    "Organisation",
    "OrganisationType",
    "Place",
    "Problem",
    "Qualifier",
    "Quantity",
    "Scope",
    "Source",
    "UncertainDate",
    "ValidationError",
    "bundled_profile",
    "dumps",
    "edtf_bounds",
    "json_schema",
    "json_schema_definitions",
    "load",
    "loads",
    "make_converter",
    "read_profile_file",
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
