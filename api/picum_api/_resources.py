"""The resources of every version of the API: handlers that look up representations, no more.

`router` makes the routes of one version (`/v1`, `/v2`, ...) from its `ApiVersion`; `unversioned`
routes the twins of the latest version's at unversioned paths. The representations were made
when the app was made (`_representations`): a handler picks one, or asks `Representations` for
a page or a view.
"""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING, Annotated, Any

from litestar import HttpMethod, Request, Response, Router, route
from litestar.exceptions import ClientException, NotFoundException
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import HeaderParameter, Parameter

from picum import Activity, Citation, Organisation
from picum._constraints import SLUG_PATTERN

from ._bodies import (
    ActivityPage,
    Answers,
    CitationPage,
    MembershipLinkPage,
    OrganisationPage,
    ProblemDetails,
)
from ._http import PROBLEM_JSON, RequestHeaders, Variants, respond
from ._limits import MAX_HEADERS, MAX_TARGET
from ._openapi import CATALOGUE_HEADERS, DATA_HEADERS, LINK_HEADER
from ._query import (
    ANSWERS,
    CITABLE,
    DATA,
    ORGANISATION,
    PAGED,
    PAGED_CITABLE,
    SEARCHED,
    Query,
    QueryError,
    Takes,
)
from ._versions import CATALOGUE_VERSION, ORGANISATIONS, VERSIONS, ApiVersion


if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Iterable, Mapping

    from litestar.handlers import HTTPRouteHandler

    from ._catalogue import CatalogueRepresentations
    from ._fast import QueryReader
    from ._representations import Edition, Representations

    #: Gives the edition of the version a request is for.
    _Edition = Callable[[Request[Any, Any, Any]], Edition]


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
#: An item's id, as the model's `slug` constraint declares it.
Slug = Annotated[str, Parameter(pattern=SLUG_PATTERN, description="The item's id.")]


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
        raise _not_found(items, id_, kind, request.url.path.rpartition("/")[0])
    return respond(request, items[id_], format_)


def _not_found(ids: Collection[str], id_: str, kind: str, listing: str) -> NotFoundException:
    """Say that there is no *kind* *id_*, naming the first of the *ids* there are, at *listing*."""
    shown = ", ".join(itertools.islice(ids, _KNOWN_IDS_SHOWN)) or "none"
    more = len(ids) - _KNOWN_IDS_SHOWN
    rest = f", and {more} more at {listing}" if more > 0 else ""
    return NotFoundException(detail=f"no {kind} {id_!r}; known {kind} ids: {shown}{rest}")


def _query(request: Request[Any, Any, Any]) -> Query:
    """Read the request's query as its handler takes it (``opt["query"]``), or refuse it: 400."""
    takes: Takes = request.route_handler.opt["query"]
    try:
        return takes.read(request.scope["query_string"])
    except QueryError as error:
        raise ClientException(detail=error.detail) from None


def _page(request: Request[Any, Any, Any], path: str) -> Response[bytes]:
    query = _query(request)
    page = _representations(request).page(path, query.offset, query.limit)
    return respond(request, page, query.format)


def handlers(version: ApiVersion) -> list[HTTPRouteHandler]:
    """Make the handlers of *version*'s resources, which answer from the version's `Edition`.

    Each resource is made once for every version, from what the version offers (`ApiVersion`):
    its body types, its formats, what its query takes. Their paths are relative to the
    version's prefix (see `router`); those with ``opt["unversioned"]`` have twins at the
    unversioned paths, for the latest version (`unversioned`).
    """
    prefix = version.prefix
    links = version.links

    def edition(request: Request[Any, Any, Any]) -> Edition:
        return _representations(request).editions[prefix]

    @route(
        "/",
        http_method=GET_HEAD,
        responses=responses(version.index_type),
        opt={"query": DATA},
        summary="Index",
    )
    async def index(request: Request[Any, Any, Any]) -> Response[bytes]:
        """The API's version, the revision of the data, and links to every resource."""
        return respond(request, edition(request).index)

    @route(
        "/activities",
        http_method=GET_HEAD,
        responses=responses(ActivityPage),
        opt={"query": PAGED, "unversioned": True},
        summary="Areas of activity",
    )
    async def activities(request: Request[Any, Any, Any]) -> Response[bytes]:
        """The organisation's areas of activity, in the sources' order, a page at a time."""
        return _page(request, links.activities)

    @route(
        "/activities/{activity_id:str}",
        http_method=GET_HEAD,
        responses=responses(Activity, not_found=True),
        opt={"query": DATA, "unversioned": True},
        summary="An area of activity",
    )
    async def activity(request: Request[Any, Any, Any], activity_id: Slug) -> Response[bytes]:
        """One area of activity, by its id."""
        items = edition(request).activities
        return _item(request, items, activity_id, "activity")

    @route(
        "/memberships",
        http_method=GET_HEAD,
        responses=responses(version.memberships_page),
        opt={"query": PAGED},
        summary="Network memberships",
    )
    async def memberships(request: Request[Any, Any, Any]) -> Response[bytes]:
        """The networks the organisation belongs to, and whether the sources list them all."""
        return _page(request, links.memberships)

    @route(
        "/citations",
        http_method=GET_HEAD,
        responses=responses(CitationPage),
        opt={"query": PAGED_CITABLE},
        summary="Citations",
    )
    async def citations(request: Request[Any, Any, Any]) -> Response[bytes]:
        """The works cited in support of the profile, with the sources' own wording.

        Also as CSL-JSON (`application/vnd.citationstyles.csl+json`) and BibTeX
        (`application/x-bibtex`), a page at a time.
        """
        return _page(request, links.citations)

    @route(
        "/citations/{citation_id:str}",
        http_method=GET_HEAD,
        responses=responses(Citation, not_found=True),
        opt={"query": CITABLE},
        summary="A citation",
    )
    async def citation(request: Request[Any, Any, Any], citation_id: Slug) -> Response[bytes]:
        """One citation, by its id; also as CSL-JSON and BibTeX."""
        query = _query(request)
        items = edition(request).citations
        return _item(request, items, citation_id, "citation", query.format)

    @route(
        "/sources",
        http_method=GET_HEAD,
        responses=responses(version.sources_page),
        opt={"query": version.sources_take},
        summary="Sources",
        description=(
            "The documents the profile's facts come from, with their licences and attribution."
            + (_CITABLE_SOURCES if version.citable_sources else "")
        ),
    )
    async def sources(request: Request[Any, Any, Any]) -> Response[bytes]:
        return _page(request, links.sources)

    return [
        index,
        _organisation(version, edition),
        *([_answers(edition)] if version.answers else []),
        activities,
        activity,
        memberships,
        citations,
        citation,
        sources,
    ]


_CITABLE_SOURCES = (
    "\n\nAlso, as citable works (web pages with their publisher, address, date and the day they"
    "\nwere read), as CSL-JSON (`application/vnd.citationstyles.csl+json`) and BibTeX"
    "\n(`application/x-bibtex`), a page at a time."
)


def _organisation(version: ApiVersion, edition: _Edition) -> HTTPRouteHandler:
    """Route *version*'s organisation: its wire format, JSON-LD, and where it is dated, a day."""

    @route(
        "/organisation",
        http_method=GET_HEAD,
        responses=responses(version.profile_type),
        opt={"query": version.organisation_takes, "unversioned": True},
        summary="The organisation's profile",
        description=version.profile_description,
    )
    async def organisation(request: Request[Any, Any, Any]) -> Response[bytes]:
        query = _query(request)
        current = edition(request)
        if query.as_of is None:
            return respond(request, current.organisation, query.format)
        view = _representations(request).organisation_as_of(current, query.as_of)
        return respond(request, view, query.format)

    return organisation


def _answers(edition: _Edition) -> HTTPRouteHandler:
    """Route the answers of the versions that serve them: each fact's chosen value, and why."""

    @route(
        "/organisation/answers",
        http_method=GET_HEAD,
        responses=responses(Answers),
        opt={"query": ANSWERS, "unversioned": True},
        summary="The answer for each fact",
    )
    async def answers(request: Request[Any, Any, Any]) -> Response[bytes]:
        """For each fact of the profile with statements: the value chosen, why, and from when.

        Each answer names its fact (`members.organisations`), gives the chosen statement's
        value, date, rank, quote and sources, the reason it was chosen (the curator's, or the
        written rule's) and the day it is known from, and where the statement is in the
        organisation (item `index` of `members.organisations_statements`). `as_of` gives the
        answers as the sources knew them on a day.
        """
        query = _query(request)
        current = edition(request)
        if query.as_of is None:
            return respond(request, current.answers)
        return respond(request, _representations(request).answers_as_of(current, query.as_of))

    return answers


def _catalogue(request: Request[Any, Any, Any]) -> CatalogueRepresentations:
    catalogue: CatalogueRepresentations = request.app.state.catalogue
    return catalogue


def catalogue_handlers() -> list[HTTPRouteHandler]:
    """Make the handlers of a catalogue's resources: its organisations, their profiles and links.

    Their paths are relative to the prefix of the version that serves them (`CATALOGUE_VERSION`).
    """

    def known(request: Request[Any, Any, Any], id_: str) -> str:
        """Give *id_*, an organisation of the catalogue; raise 404, naming some, if it is not."""
        profiles = _catalogue(request).catalogue.profiles
        if id_ not in profiles:
            raise _not_found(profiles, id_, "organisation", ORGANISATIONS)
        return id_

    @route(
        "/organisations",
        http_method=GET_HEAD,
        responses=responses(OrganisationPage),
        opt={"query": SEARCHED},
        summary="Organisations",
    )
    async def organisations(request: Request[Any, Any, Any]) -> Response[bytes]:
        """The catalogue's organisations, by id, a page at a time: all, or those a search finds.

        `q` finds a text anywhere in a name or acronym, in any script (case and accents
        ignored); `type` and `country` keep the organisations of a type, or seated in a
        country. Each links to its profile.
        """
        return respond(request, _catalogue(request).found(_query(request)))

    @route(
        "/organisations/{organisation_id:str}",
        http_method=GET_HEAD,
        responses=responses(Organisation, not_found=True),
        response_headers=[LINK_HEADER],
        opt={"query": ORGANISATION},
        summary="An organisation's profile",
    )
    async def organisation(
        request: Request[Any, Any, Any], organisation_id: Slug
    ) -> Response[bytes]:
        """One organisation's whole profile, by its id, as `/v2/organisation` gives its own.

        Also as schema.org JSON-LD (`application/ld+json`); `as_of` gives the profile as its
        sources knew it on a day.
        """
        query = _query(request)
        accept = RequestHeaders.of(request.scope["headers"]).accept
        variants = _catalogue(request).profile_for(
            known(request, organisation_id), query.as_of, accept=accept, format_=query.format
        )
        return respond(request, variants, query.format)

    @route(
        "/organisations/{organisation_id:str}/members",
        http_method=GET_HEAD,
        responses=responses(MembershipLinkPage, not_found=True),
        opt={"query": PAGED},
        summary="An organisation's members in the catalogue",
    )
    async def members(request: Request[Any, Any, Any], organisation_id: Slug) -> Response[bytes]:
        """The organisations of the catalogue that are members of this one, a page at a time.

        Each link is a statement of one of the two profiles, with its sources: where both
        state a membership, it is there twice.
        """
        query = _query(request)
        id_ = known(request, organisation_id)
        return respond(request, _catalogue(request).members(id_, query.offset, query.limit))

    @route(
        "/organisations/{organisation_id:str}/memberships",
        http_method=GET_HEAD,
        responses=responses(MembershipLinkPage, not_found=True),
        opt={"query": PAGED},
        summary="The networks of the catalogue an organisation belongs to",
    )
    async def memberships(
        request: Request[Any, Any, Any], organisation_id: Slug
    ) -> Response[bytes]:
        """The networks of the catalogue this organisation is a member of, a page at a time.

        Each link is a statement of one of the two profiles, with its sources: where both
        state a membership, it is there twice.
        """
        query = _query(request)
        id_ = known(request, organisation_id)
        pages = _catalogue(request).memberships(id_, query.offset, query.limit)
        return respond(request, pages)

    return [organisations, organisation, members, memberships]


def router(version: ApiVersion, route_handlers: list[HTTPRouteHandler]) -> Router:
    """Route *route_handlers*, the resources of *version*, under the version's prefix."""
    return Router(path=version.prefix, response_headers=DATA_HEADERS, route_handlers=route_handlers)


@route("/", http_method=GET_HEAD, include_in_schema=False)
async def home(request: Request[Any, Any, Any]) -> Response[bytes]:
    """The root: the index for programs (JSON), the profile's page for people (HTML)."""
    return respond(request, _representations(request).home)


def path_pattern(path: str) -> re.Pattern[str]:
    """Match the paths a route's *path* stands for: a parameter (``{id:str}``) is one segment."""
    return re.compile("[^/]+".join(re.escape(part) for part in re.split(r"\{[^}]*\}", path)))


_HANDLERS = {version: handlers(version) for version in VERSIONS}
#: The routes of every version.
routers = [router(version, version_handlers) for version, version_handlers in _HANDLERS.items()]
#: The routes of a catalogue's organisations, in version 2 (`create_app` adds them for one).
CATALOGUE = Router(
    path=CATALOGUE_VERSION.prefix,
    response_headers=CATALOGUE_HEADERS,
    route_handlers=catalogue_handlers(),
)
#: The resources of the latest version that have twins at unversioned paths.
UNVERSIONED = tuple(
    handler for handler in _HANDLERS[VERSIONS[-1]] if handler.opt.get("unversioned")
)
#: The latest version's twins at unversioned paths: they answer exactly as it does.
unversioned = Router(
    path="/",
    route_handlers=[home, *UNVERSIONED],
    include_in_schema=False,
)
_TWINS = [path_pattern(path) for handler in UNVERSIONED for path in handler.paths]


def twin_of(url: str) -> str | None:
    """Give the unversioned twin of *url*, a path of the latest version, if it has one."""
    unversioned = url.removeprefix(VERSIONS[-1].prefix)
    if unversioned != url and any(twin.fullmatch(unversioned) for twin in _TWINS):
        return unversioned
    return None


def query_reader(representations: Representations, routes: Mapping[str, Variants]) -> QueryReader:
    """Read the queries of the fast path by the rules of `_query`, as the handlers read them.

    A query is read for a path with a precomputed answer (*routes*) or a list, as the path's
    handler takes it (`Takes`): the handler would give the very same answer. A query the
    handler refuses, or one asking for a day (a view made on request), is left to the handlers.
    """
    lists = representations.list_editions
    twins = {twin: path for path in lists if (twin := twin_of(path)) is not None}
    takes = _takes_by_path({*routes, *lists})

    def read(path: str, query: bytes) -> tuple[Variants, str | None] | None:
        taken = takes.get(path)
        if taken is None:
            return None
        try:
            read = taken.read(query)
        except QueryError:
            return None
        if read.as_of is not None:
            return None
        listing = twins.get(path, path)
        if listing in lists:
            return representations.page(listing, read.offset, read.limit), read.format
        return routes[path], read.format

    return read


def _takes_by_path(paths: Iterable[str]) -> dict[str, Takes]:
    """Give what the handler of each of *paths* takes in its query, where a handler has a say."""
    patterns = [
        # Litestar routes a version's index, "/" under its prefix, at the prefix: "/v1".
        (path_pattern((prefix + path).rstrip("/") or "/"), handler.opt["query"])
        for prefix, handlers in [
            *((version.prefix, handlers) for version, handlers in _HANDLERS.items()),
            ("", UNVERSIONED),
        ]
        for handler in handlers
        for path in handler.paths
    ]
    return {path: takes for path in paths for pattern, takes in patterns if pattern.fullmatch(path)}
