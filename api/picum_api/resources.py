"""The resources of every version of the API: handlers that look up representations, no more.

`router` makes the routes of one version (`/v1`, `/v2`, ...) from its `ApiVersion`; `unversioned`
routes the twins of the latest version's at unversioned paths. The representations were made
when the app was made (`_representations`): a handler picks one, or asks `Representations` for
a page or a view.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, Literal

from litestar import HttpMethod, Request, Response, Router, route
from litestar.exceptions import ClientException, NotFoundException
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import HeaderParameter, Parameter

import picum
from picum import Activity, Citation
from picum._constraints import SLUG_PATTERN

from ._bodies import (
    ActivityPage,
    Answers,
    CitationPage,
    Index,
    IndexV2,
    MembershipPage,
    MembershipPageV1,
    ProblemDetails,
    SourcePage,
    SourcePageV1,
)
from ._http import PROBLEM_JSON, Variants, respond
from ._limits import MAX_HEADERS, MAX_TARGET
from ._openapi import DATA_HEADERS
from ._representations import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    MAX_OFFSET,
    Edition,
    Representations,
)
from ._versions import VERSIONS, ApiVersion


if TYPE_CHECKING:
    from litestar.handlers import HTTPRouteHandler

    from ._fast import QueryReader


GET_HEAD = [HttpMethod.GET, HttpMethod.HEAD]
_KNOWN_IDS_SHOWN = 20

#: Documented on every resource, /health included (the app declares it), read by `respond`
#: with the other request headers.
IF_NONE_MATCH = HeaderParameter(
    name="If-None-Match",
    annotation=str,
    required=False,
    description="ETags of representations the client has: if one is current, the answer is 304.",
)
#: Documented on every resource, /health included (the app declares it), read by `respond`
#: with the other request headers.
IF_MATCH = HeaderParameter(
    name="If-Match",
    annotation=str,
    required=False,
    description=(
        "ETags the client requires the current representation to have (compared strongly), or"
        " `*`: if none is current, the answer is 412, before If-None-Match is evaluated."
    ),
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
AsOf = Annotated[
    dt.date | None,
    Parameter(
        description=(
            "A day (YYYY-MM-DD): the profile as its sources knew it then. Each fact holds the"
            " statements known by that day (from the last day their date may mean, or for an"
            " undated one its sources' date, else the day they were read), and its value is the"
            " chosen of those; milestones after the day are left out."
        ),
    ),
]

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

    Every resource answers 400 to a malformed Accept, 406 to one it cannot satisfy, 412 to
    an If-Match that names no current representation, and 414 and 431 to a request over the
    service's limits (`_limits`).
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
        412: _problem("If-Match names no current representation of the resource."),
        414: _problem(f"The request target is over {MAX_TARGET:,} bytes."),
        431: _problem(f"The request's headers are over {MAX_HEADERS:,} bytes in all."),
    }
    if not_found:
        responses[404] = _problem("There is no item with this id.")
    return responses


def _representations(request: Request[Any, Any, Any]) -> Representations:
    representations: Representations = request.app.state.representations
    return representations


def _item(
    request: Request[Any, Any, Any],
    items: dict[str, Variants],
    id_: str,
    kind: str,
    format_: str | None = None,
) -> Response[bytes]:
    """Answer with the *kind* *id_* of its list, or 404 naming the ids there are."""
    if id_ not in items:
        listing = request.url.path.rpartition("/")[0]
        ids = list(items)
        shown = ", ".join(ids[:_KNOWN_IDS_SHOWN]) or "none"
        more = len(ids) - _KNOWN_IDS_SHOWN
        rest = f", and {more} more at {listing}" if more > 0 else ""
        raise NotFoundException(detail=f"no {kind} {id_!r}; known {kind} ids: {shown}{rest}")
    return respond(request, items[id_], format_)


def _page(
    request: Request[Any, Any, Any], path: str, offset: int, limit: int, format_: str | None = None
) -> Response[bytes]:
    _digits_only(request, "offset", "limit")
    return respond(request, _representations(request).page(path, offset, limit), format_)


def _named_format(request: Request[Any, Any, Any], formats: tuple[str, ...]) -> None:
    """Refuse a ``format`` that names none of *formats* (Litestar takes ``null`` for no format)."""
    for value in request.query_params.getall("format", ()):
        if value not in formats:
            raise ClientException(detail=f"format: Invalid enum value {value!r}")


def _once(request: Request[Any, Any, Any], name: str) -> None:
    """Refuse a parameter given more than once (Litestar would take the first, and say nothing)."""
    values = request.query_params.getall(name, ())
    if len(values) > 1:
        raise ClientException(detail=f"{name}: give it once, not {len(values)} times")


_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _days_only(request: Request[Any, Any, Any], name: str) -> None:
    """Refuse a day written otherwise than ``YYYY-MM-DD`` (Litestar takes ``null`` for none)."""
    for value in request.query_params.getall(name, ()):
        if not _DAY.fullmatch(value):
            raise ClientException(detail=f"{name}: Expected a day, YYYY-MM-DD, got {value!r}")


def _digits_only(request: Request[Any, Any, Any], *names: str) -> None:
    """Refuse integers written otherwise than in digits (Litestar takes ``1e2`` and ``1.0`` too)."""
    for name in names:
        for value in request.query_params.getall(name, ()):
            if not (value.isascii() and value.isdigit()):
                raise ClientException(detail=f"{name}: Expected `int` in digits, got {value!r}")


def handlers(version: ApiVersion) -> list[HTTPRouteHandler]:
    """Make the handlers of *version*'s resources, which answer from the version's `Edition`.

    Their paths are relative to the version's prefix (see `router`).
    """
    prefix = version.prefix
    links = version.links

    def edition(request: Request[Any, Any, Any]) -> Edition:
        return _representations(request).editions[prefix]

    @route(
        "/",
        http_method=GET_HEAD,
        responses=responses(IndexV2 if version.answers else Index),
        opt=DATA,
        summary="Index",
    )
    async def index(request: Request[Any, Any, Any]) -> Response[bytes]:
        """The API's version, the revision of the data, and links to every resource."""
        return respond(request, edition(request).index)

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
        return _page(request, links.activities, offset, limit)

    @route(
        "/activities/{activity_id:str}",
        http_method=GET_HEAD,
        responses=responses(Activity, not_found=True),
        opt=DATA,
        summary="An area of activity",
    )
    async def activity(request: Request[Any, Any, Any], activity_id: Slug) -> Response[bytes]:
        """One area of activity, by its id."""
        items = edition(request).activities
        return _item(request, items, activity_id, "activity")

    @route(
        "/memberships",
        http_method=GET_HEAD,
        responses=responses(MembershipPageV1 if version.number == 1 else MembershipPage),
        opt=DATA,
        summary="Network memberships",
    )
    async def memberships(
        request: Request[Any, Any, Any],
        offset: Offset = 0,
        limit: Limit = DEFAULT_LIMIT,
    ) -> Response[bytes]:
        """The networks the organisation belongs to, and whether the sources list them all."""
        return _page(request, links.memberships, offset, limit)

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
        return _page(request, links.citations, offset, limit, format)

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
        items = edition(request).citations
        return _item(request, items, citation_id, "citation", format)

    sources = (_sources_v1 if not version.citable_sources else _sources)(links.sources)
    organisation = (_organisation_v1 if version.number == 1 else _organisation)(edition)
    return [
        index,
        organisation,
        *([_answers(edition)] if version.answers else []),
        activities,
        activity,
        memberships,
        citations,
        citation,
        sources,
    ]


def router(version: ApiVersion, route_handlers: list[HTTPRouteHandler]) -> Router:
    """Route *route_handlers*, the resources of *version*, under the version's prefix."""
    return Router(path=version.prefix, response_headers=DATA_HEADERS, route_handlers=route_handlers)


_Edition = Callable[[Request[Any, Any, Any]], Edition]


def _sources_v1(path: str) -> HTTPRouteHandler:
    """Route version 1's sources: in the wire format only."""

    @route(
        "/sources",
        http_method=GET_HEAD,
        responses=responses(SourcePageV1),
        opt=DATA,
        summary="Sources",
    )
    async def sources(
        request: Request[Any, Any, Any],
        offset: Offset = 0,
        limit: Limit = DEFAULT_LIMIT,
    ) -> Response[bytes]:
        """The documents the profile's facts come from, with their licences and attribution."""
        return _page(request, path, offset, limit)

    return sources


def _sources(path: str) -> HTTPRouteHandler:
    """Route the sources of the versions since 2: citable works, in CSL-JSON and BibTeX too."""

    @route(
        "/sources",
        http_method=GET_HEAD,
        responses=responses(SourcePage),
        opt=CITATIONS,
        summary="Sources",
    )
    async def sources(
        request: Request[Any, Any, Any],
        offset: Offset = 0,
        limit: Limit = DEFAULT_LIMIT,
        format: CitationFormat = None,  # noqa: A002
    ) -> Response[bytes]:
        """The documents the profile's facts come from, with their licences and attribution.

        Also, as citable works (web pages with their publisher, address, date and the day they
        were read), as CSL-JSON (`application/vnd.citationstyles.csl+json`) and BibTeX
        (`application/x-bibtex`), a page at a time.
        """
        _named_format(request, CITATIONS["formats"])
        return _page(request, path, offset, limit, format)

    return sources


def _organisation_v1(edition: _Edition) -> HTTPRouteHandler:
    """Route version 1's organisation: the 2016-era wire format, as it was."""

    @route(
        "/organisation",
        http_method=GET_HEAD,
        responses=responses(picum.format1.Organisation),
        opt=ORGANISATION,
        summary="The organisation's profile",
        description=(
            "The whole profile: every fact, its sources and citations, the licence and"
            " attribution.\n\nAlso as schema.org JSON-LD (`application/ld+json`)."
        ),
    )
    async def organisation(
        request: Request[Any, Any, Any],
        format: OrganisationFormat = None,  # noqa: A002
    ) -> Response[bytes]:
        _named_format(request, ORGANISATION["formats"])
        return respond(request, edition(request).organisation, format)

    return organisation


def _organisation(edition: _Edition) -> HTTPRouteHandler:
    """Route the organisation of the versions since 2: statements, and `as_of`."""

    @route(
        "/organisation",
        http_method=GET_HEAD,
        responses=responses(picum.Organisation),
        opt=ORGANISATION,
        summary="The organisation's profile",
    )
    async def organisation(
        request: Request[Any, Any, Any],
        format: OrganisationFormat = None,  # noqa: A002
        as_of: AsOf = None,
    ) -> Response[bytes]:
        """The whole profile: every fact with its statements over time, its sources and citations.

        Also as schema.org JSON-LD (`application/ld+json`); `as_of` gives the profile as its
        sources knew it on a day.
        """
        _named_format(request, ORGANISATION["formats"])
        _once(request, "as_of")
        _days_only(request, "as_of")
        current = edition(request)
        if as_of is None:
            return respond(request, current.organisation, format)
        return respond(
            request, _representations(request).organisation_as_of(current, as_of), format
        )

    return organisation


def _answers(edition: _Edition) -> HTTPRouteHandler:
    """Route the answers of the versions that serve them: each fact's chosen value, and why."""

    @route(
        "/organisation/answers",
        http_method=GET_HEAD,
        responses=responses(Answers),
        opt=DATA,
        summary="The answer for each fact",
    )
    async def answers(
        request: Request[Any, Any, Any],
        as_of: AsOf = None,
    ) -> Response[bytes]:
        """For each fact of the profile with statements: the value chosen, why, and from when.

        Each answer names its fact (`members.organisations`), gives the chosen statement's
        value, date, rank, quote and sources, the reason it was chosen (the curator's, or the
        written rule's) and the day it is known from, and where the statement is in the
        organisation (item `index` of `members.organisations_statements`). `as_of` gives the
        answers as the sources knew them on a day.
        """
        _once(request, "as_of")
        _days_only(request, "as_of")
        current = edition(request)
        if as_of is None:
            return respond(request, current.answers)
        return respond(request, _representations(request).answers_as_of(current, as_of))

    return answers


@route("/", http_method=GET_HEAD, include_in_schema=False)
async def home(request: Request[Any, Any, Any]) -> Response[bytes]:
    """The root: the index for programs (JSON), the profile's page for people (HTML)."""
    return respond(request, _representations(request).home)


_HANDLERS = {version: handlers(version) for version in VERSIONS}
#: The routes of every version.
routers = [router(version, version_handlers) for version, version_handlers in _HANDLERS.items()]
#: The resources of the latest version that have twins at unversioned paths.
UNVERSIONED = tuple(
    handler
    for handler in _HANDLERS[VERSIONS[-1]]
    if handler.handler_name in {"organisation", "answers", "activities", "activity"}
)
#: The latest version's twins at unversioned paths: they answer exactly as it does.
unversioned = Router(
    path="/",
    route_handlers=[home, *UNVERSIONED],
    include_in_schema=False,
)


_NUMBER = re.compile(rb"0|[1-9][0-9]{0,%d}" % (len(str(MAX_OFFSET)) - 1))


def query_reader(representations: Representations) -> QueryReader:
    """Read the queries of the fast path: pages of lists, and formats, as the handlers above do.

    A query is read only where each parameter appears once, by name, with a value the handler
    takes as it is (digits within their bounds, a format of the resource): the handler would
    give the very same answer. Anything else (a parameter repeated, unknown, out of bounds,
    percent-encoded) is left to the handlers, which explain what is wrong. A resource takes
    a ``format`` where it has more than one.
    """
    prefix = representations.latest.version.prefix
    twins = {
        path: prefix + path for handler in UNVERSIONED for path in handler.paths if "{" not in path
    }
    lists = representations.list_editions
    editions = representations.editions.values()
    organisations = {
        edition.links.organisation: edition.organisation
        for edition in representations.editions.values()
    }
    citations = {edition.links.citations: edition.citations for edition in editions}
    default_limit = str(DEFAULT_LIMIT).encode()

    def read(path: str, query: bytes) -> tuple[Variants, str | None] | None:
        parameters = _parameters(query)
        if parameters is None:
            return None
        format_ = parameters.pop(b"format", None)
        path = twins.get(path, path)
        variants: Variants | None
        if path in lists:
            offset = _number(parameters.pop(b"offset", b"0"), 0, MAX_OFFSET)
            limit = _number(parameters.pop(b"limit", default_limit), 1, MAX_LIMIT)
            if offset is None or limit is None:
                return None
            variants = representations.page(path, offset, limit)
        elif path in organisations:
            variants = organisations[path]
        else:
            listing, _, id_ = path.rpartition("/")
            variants = citations[listing].get(id_) if listing in citations else None
        if parameters or variants is None:
            return None
        if format_ is None:
            return variants, None
        chosen = format_.decode("ascii")
        formats = [representation.format for representation in variants]
        return (variants, chosen) if len(formats) > 1 and chosen in formats else None

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
