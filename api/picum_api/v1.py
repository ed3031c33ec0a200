"""Version 1 of the API: handlers that look up representations made at start-up, nothing more."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated, Any, Literal

from litestar import HttpMethod, Request, Response, Router, route
from litestar.exceptions import ClientException, NotFoundException
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import HeaderParameter, Parameter

from picum import Activity, Citation
from picum._constraints import SLUG_PATTERN
from picum.format1 import Organisation

from ._bodies import (
    ActivityPage,
    CitationPage,
    Index,
    MembershipPage,
    ProblemDetails,
    SourcePage,
)
from ._catalog import DEFAULT_LIMIT, LINKS, MAX_LIMIT, MAX_OFFSET, V1, Catalog, Variants
from ._http import PROBLEM_JSON, respond
from ._openapi import DATA_HEADERS


if TYPE_CHECKING:
    from ._fast import QueryReader


GET_HEAD = [HttpMethod.GET, HttpMethod.HEAD]
_KNOWN_IDS_SHOWN = 20
_KINDS = {LINKS.activities: "activity", LINKS.citations: "citation"}

#: Documented on every resource, /health included (the app declares it), read by `respond`
#: with the other request headers.
IF_NONE_MATCH = HeaderParameter(
    name="If-None-Match",
    annotation=str,
    required=False,
    description="ETags of representations the client has: if one is current, the answer is 304.",
)
#: Documented on every resource, read by `respond` with the other request headers.
ACCEPT_ENCODING = HeaderParameter(
    name="Accept-Encoding",
    annotation=str,
    required=False,
    description=(
        "The content codings the client accepts, with quality values (RFC 9110): br and gzip are"
        " offered where compression pays; `identity;q=0` where neither is offered gets 406."
    ),
)
Offset = Annotated[int, Parameter(ge=0, le=MAX_OFFSET, description="How many items to skip.")]
Limit = Annotated[int, Parameter(ge=1, le=MAX_LIMIT, description="How many items to give at most.")]
OrganisationFormat = Annotated[
    Literal["json", "jsonld"] | None,
    Parameter(
        description="The format, for clients that cannot set Accept: json or jsonld (schema.org).",
    ),
]
CitationFormat = Annotated[
    Literal["json", "csl", "bibtex"] | None,
    Parameter(
        description="The format, for clients that cannot set Accept: json, csl (CSL-JSON), bibtex.",
    ),
]
#: An item's id, as the model's `slug` constraint declares it.
Slug = Annotated[str, Parameter(pattern=SLUG_PATTERN, description="The item's id.")]

#: The formats of a resource, the default first (documented by `_openapi.complete`): JSON, and
#: for the organisation and citations, standard formats too.
DATA = {"formats": ("json",)}
ORGANISATION = {"formats": ("json", "jsonld")}
CITATIONS = {"formats": ("json", "csl", "bibtex")}


def _problem(description: str) -> ResponseSpec:
    return ResponseSpec(
        data_container=ProblemDetails,
        media_type=PROBLEM_JSON,
        description=description,
        generate_examples=False,
    )


def responses(body: type, *, not_found: bool = False) -> dict[int, ResponseSpec]:
    """Document a resource's answers: *body* (or 304), and its problems.

    Every resource answers 400 to a malformed Accept, and 406 to one it cannot satisfy.
    """
    responses = {
        200: ResponseSpec(
            data_container=body, description="The resource.", generate_examples=False
        ),
        304: ResponseSpec(
            data_container=None, description="Not modified: the client's copy is current."
        ),
        400: _problem("A query parameter or header is invalid."),
        406: _problem("The Accept header refuses every format of the resource."),
    }
    if not_found:
        responses[404] = _problem("There is no item with this id.")
    return responses


def _catalog(request: Request[Any, Any, Any]) -> Catalog:
    catalog: Catalog = request.app.state.catalog
    return catalog


def _item(
    request: Request[Any, Any, Any],
    items: dict[str, Variants],
    id_: str,
    listing: str,
    format_: str | None = None,
) -> Response[bytes]:
    """Answer with the item *id_* of the list at *listing*, or 404 naming the ids there are."""
    if id_ not in items:
        kind = _KINDS[listing]
        ids = list(items)
        shown = ", ".join(ids[:_KNOWN_IDS_SHOWN]) or "none"
        more = len(ids) - _KNOWN_IDS_SHOWN
        rest = f", and {more} more at {listing}" if more > 0 else ""
        raise NotFoundException(detail=f"no {kind} {id_!r}; known {kind} ids: {shown}{rest}")
    return respond(request, items[id_], format_)


@route(
    "/",
    http_method=GET_HEAD,
    responses=responses(Index),
    opt=DATA,
    summary="Index",
)
async def index(request: Request[Any, Any, Any]) -> Response[bytes]:
    """The API's version, the revision of the data, and links to every resource."""
    return respond(request, _catalog(request).index)


@route(
    "/organisation",
    http_method=GET_HEAD,
    responses=responses(Organisation),
    opt=ORGANISATION,
    summary="The organisation's profile",
)
async def organisation(
    request: Request[Any, Any, Any],
    format: OrganisationFormat = None,  # noqa: A002
) -> Response[bytes]:
    """The whole profile: every fact, its sources and citations, the licence and attribution.

    Also as schema.org JSON-LD (`application/ld+json`).
    """
    _named_format(request, ORGANISATION["formats"])
    return respond(request, _catalog(request).organisation, format)


def _page(
    request: Request[Any, Any, Any], path: str, offset: int, limit: int, format_: str | None = None
) -> Response[bytes]:
    _digits_only(request, "offset", "limit")
    return respond(request, _catalog(request).page(path, offset, limit), format_)


def _named_format(request: Request[Any, Any, Any], formats: tuple[str, ...]) -> None:
    """Refuse a ``format`` that names none of *formats* (Litestar takes ``null`` for no format)."""
    for value in request.query_params.getall("format", ()):
        if value not in formats:
            raise ClientException(detail=f"format: Invalid enum value {value!r}")


def _digits_only(request: Request[Any, Any, Any], *names: str) -> None:
    """Refuse integers written otherwise than in digits (Litestar takes ``1e2`` and ``1.0`` too)."""
    for name in names:
        for value in request.query_params.getall(name, ()):
            if not (value.isascii() and value.isdigit()):
                raise ClientException(detail=f"{name}: Expected `int` in digits, got {value!r}")


@route(
    "/activities",
    http_method=GET_HEAD,
    responses=responses(ActivityPage),
    opt=DATA,
    summary="Areas of activity",
)
async def activities(
    request: Request[Any, Any, Any],
    offset: Offset = 0,
    limit: Limit = DEFAULT_LIMIT,
) -> Response[bytes]:
    """The organisation's areas of activity, in the sources' order, a page at a time."""
    return _page(request, LINKS.activities, offset, limit)


@route(
    "/activities/{activity_id:str}",
    http_method=GET_HEAD,
    responses=responses(Activity, not_found=True),
    opt=DATA,
    summary="An area of activity",
)
async def activity(request: Request[Any, Any, Any], activity_id: Slug) -> Response[bytes]:
    """One area of activity, by its id."""
    return _item(request, _catalog(request).activities, activity_id, LINKS.activities)


@route(
    "/memberships",
    http_method=GET_HEAD,
    responses=responses(MembershipPage),
    opt=DATA,
    summary="Network memberships",
)
async def memberships(
    request: Request[Any, Any, Any],
    offset: Offset = 0,
    limit: Limit = DEFAULT_LIMIT,
) -> Response[bytes]:
    """The networks the organisation belongs to, and whether the sources list them all."""
    return _page(request, LINKS.memberships, offset, limit)


@route(
    "/citations",
    http_method=GET_HEAD,
    responses=responses(CitationPage),
    opt=CITATIONS,
    summary="Citations",
)
async def citations(
    request: Request[Any, Any, Any],
    offset: Offset = 0,
    limit: Limit = DEFAULT_LIMIT,
    format: CitationFormat = None,  # noqa: A002
) -> Response[bytes]:
    """The works cited in support of the profile, with the sources' own wording.

    Also as CSL-JSON (`application/vnd.citationstyles.csl+json`) and BibTeX
    (`application/x-bibtex`), a page at a time.
    """
    _named_format(request, CITATIONS["formats"])
    return _page(request, LINKS.citations, offset, limit, format)


@route(
    "/citations/{citation_id:str}",
    http_method=GET_HEAD,
    responses=responses(Citation, not_found=True),
    opt=CITATIONS,
    summary="A citation",
)
async def citation(
    request: Request[Any, Any, Any],
    citation_id: Slug,
    format: CitationFormat = None,  # noqa: A002
) -> Response[bytes]:
    """One citation, by its id; also as CSL-JSON and BibTeX."""
    _named_format(request, CITATIONS["formats"])
    catalog = _catalog(request)
    return _item(request, catalog.citations, citation_id, LINKS.citations, format)


@route(
    "/sources",
    http_method=GET_HEAD,
    responses=responses(SourcePage),
    opt=DATA,
    summary="Sources",
)
async def sources(
    request: Request[Any, Any, Any],
    offset: Offset = 0,
    limit: Limit = DEFAULT_LIMIT,
) -> Response[bytes]:
    """The documents the profile's facts come from, with their licences and attribution."""
    return _page(request, LINKS.sources, offset, limit)


@route("/", http_method=GET_HEAD, include_in_schema=False)
async def home(request: Request[Any, Any, Any]) -> Response[bytes]:
    """The root: the index for programs (JSON), the profile's page for people (HTML)."""
    return respond(request, _catalog(request).home)


router = Router(
    path=V1,
    response_headers=DATA_HEADERS,
    route_handlers=[
        index,
        organisation,
        activities,
        activity,
        memberships,
        citations,
        citation,
        sources,
    ],
)
#: The resources of the current version that have twins at unversioned paths.
UNVERSIONED = (organisation, activities, activity)
#: The current version's twins at unversioned paths: they answer exactly as `/v1` does.
current = Router(
    path="/",
    route_handlers=[home, *UNVERSIONED],
    include_in_schema=False,
)


#: The lists, by their paths (the unversioned twin too), and whether they take a format.
_LISTS = {
    LINKS.activities: False,
    LINKS.activities.removeprefix(V1): False,
    LINKS.memberships: False,
    LINKS.citations: True,
    LINKS.sources: False,
}
_ORGANISATION_PATHS = frozenset({LINKS.organisation, LINKS.organisation.removeprefix(V1)})
_NUMBER = re.compile(rb"0|[1-9][0-9]{0,%d}" % (len(str(MAX_OFFSET)) - 1))


def query_reader(catalog: Catalog) -> QueryReader:
    """Read the queries of the fast path: pages of lists, and formats, as the handlers above do.

    A query is read only where each parameter appears once, by name, with a value the handler
    takes as it is (digits within their bounds, a format of the resource): the handler would
    give the very same answer. Anything else (a parameter repeated, unknown, out of bounds,
    percent-encoded) is left to the handlers, which explain what is wrong.
    """

    def read(path: str, query: bytes) -> tuple[Variants, str | None] | None:
        parameters = _parameters(query)
        if parameters is None:
            return None
        format_ = parameters.pop(b"format", None)
        variants: Variants | None
        formats: tuple[str, ...]
        if path in _LISTS:
            formats = CITATIONS["formats"] if _LISTS[path] else ()
            offset = _number(parameters.pop(b"offset", b"0"), 0, MAX_OFFSET)
            limit = _number(parameters.pop(b"limit", str(DEFAULT_LIMIT).encode()), 1, MAX_LIMIT)
            if offset is None or limit is None:
                return None
            variants = catalog.page(V1 + path.removeprefix(V1), offset, limit)
        elif path in _ORGANISATION_PATHS:
            formats, variants = ORGANISATION["formats"], catalog.organisation
        elif path.startswith(f"{LINKS.citations}/"):
            formats = CITATIONS["formats"]
            variants = catalog.citations.get(path.removeprefix(f"{LINKS.citations}/"))
        else:
            return None
        if parameters or variants is None:
            return None
        if format_ is None:
            return variants, None
        chosen = format_.decode("ascii")
        return (variants, chosen) if chosen in formats else None

    return read


def _parameters(query: bytes) -> dict[bytes, bytes] | None:
    """Split a query into its parameters, or `None` unless each is plain ``name=value``, once."""
    parameters: dict[bytes, bytes] = {}
    for field in query.split(b"&"):
        name, equals, value = field.partition(b"=")
        if not equals or name in parameters or not (value.isalnum() and value.isascii()):
            return None
        parameters[name] = value
    return parameters


def _number(value: bytes, smallest: int, largest: int) -> int | None:
    """Read a number in digits within its bounds, or `None`: as the handlers take it (no ``07``)."""
    if not _NUMBER.fullmatch(value):
        return None
    number = int(value)
    return number if smallest <= number <= largest else None
