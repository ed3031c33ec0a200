"""The application of a profile: the Litestar app, and the ASGI layers around it (`create_app`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs
from litestar import HttpMethod, Litestar, Request, Response, Router, route
from litestar.constants import OPENAPI_JSON_HANDLER_NAME
from litestar.datastructures import State
from litestar.enums import ScopeType
from litestar.exceptions import HTTPException, NotFoundException
from litestar.status_codes import HTTP_204_NO_CONTENT, HTTP_405_METHOD_NOT_ALLOWED
from litestar.types import ASGIApp

import picum
from picum._catalogue import BUNDLED_DEFAULT

from . import _api_docs, _resources
from ._answer_headers import RAW_EVERY_ANSWER, RAW_PREFLIGHT
from ._bodies import Health
from ._catalogue import CatalogueRepresentations
from ._conformance import Conformance
from ._fast import FastPath
from ._http import ALLOW, Representation, Variants, respond
from ._limits import Limits
from ._openapi import (
    CACHE_CONTROL_HEADER,
    ETAG_HEADER,
    VARY_HEADER,
    CoreSchemas,
    complete,
    openapi_config,
)
from ._problems import http_exception_handler, internal_error_handler
from ._representations import Representations
from ._versions import organisation_path
from .settings import public_base


if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from litestar.types import Message, Receive, Scope, Send


@route(
    "/health",
    http_method=_resources.GET_HEAD,
    summary="Liveness",
    responses=_resources.responses(Health),
    response_headers=[ETAG_HEADER, CACHE_CONTROL_HEADER, VARY_HEADER],
)
async def health(request: Request[Any, Any, Any]) -> Response[bytes]:
    """Say that the service is up; never cached."""
    representations: Representations = request.app.state.representations
    return respond(request, representations.health)


@route("/", http_method=_resources.GET_HEAD, include_in_schema=False)
async def documentation(request: Request[Any, Any, Any]) -> Response[bytes]:
    """The API's documentation page, self-hosted."""
    page: Variants = request.app.state.documentation
    return respond(request, page)


@route(
    "/openapi.json",
    http_method=_resources.GET_HEAD,
    include_in_schema=False,
    # The documentation pages find the document by this name.
    name=OPENAPI_JSON_HANDLER_NAME,
)
async def openapi_document(request: Request[Any, Any, Any]) -> Response[bytes]:
    """The OpenAPI document, encoded once like every other representation."""
    openapi: Variants = request.app.state.openapi
    return respond(request, openapi)


#: The answers that carry an Allow header: to OPTIONS, and 405.
_WITH_ALLOW = frozenset({HTTP_204_NO_CONTENT, HTTP_405_METHOD_NOT_ALLOWED})


@route(
    "/{path:str}",
    http_method=[*_resources.GET_HEAD, HttpMethod.OPTIONS],
    include_in_schema=False,
    sync_to_thread=False,
)
def schema_not_found() -> None:
    """Answer 404 for unknown paths under /schema, for every method, as for any unknown path.

    It takes the place of Litestar's own handler for them, an HTML page for GET only.
    """
    raise NotFoundException


async def _app_headers(message: Message, scope: Scope) -> None:
    if message["type"] == "http.response.start":
        headers = message["headers"]
        preflight = scope["type"] == ScopeType.HTTP and scope["method"] == HttpMethod.OPTIONS
        if preflight and message["status"] == HTTP_204_NO_CONTENT:
            headers = [*headers, *RAW_PREFLIGHT]
        # Litestar lists a route's methods in an order of its own (and OPTIONS not always).
        if message["status"] in _WITH_ALLOW and any(
            name.lower() == b"allow" for name, _ in headers
        ):
            headers = [(name, value) for name, value in headers if name.lower() != b"allow"]
            headers.append((b"allow", ALLOW.encode()))
        message["headers"] = [*headers, *RAW_EVERY_ANSWER]


@attrs.frozen
class Service:
    """The API as a server runs it: ASGI layers (`asgi`) around the Litestar app (`litestar`).

    `create_app` composes the layers, in the order a request meets them; the outermost is
    `Limits`, which ``picum serve``'s protocol applies itself (`picum_api._protocol`).
    """

    litestar: Litestar
    asgi: ASGIApp

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request to the outermost layer."""
        await self.asgi(scope, receive, send)


def create_app(
    data: picum.Organisation | picum.Catalogue | None = None,
    *,
    default: str | None = None,
    public_url: str | None = None,
    fast_path: bool = True,
) -> Service:
    """Make the API's application for *data*: a profile, or a catalogue (default: the bundled one).

    A catalogue's organisations are served at ``/v2/organisations``, each with its links, and
    its *default* organisation as a profile alone is (at ``/v2/organisation``, ``/v1``, ...);
    *default* may be left out of a catalogue of one profile, and of the bundled catalogue,
    whose default is PICUM. Raises `ValueError` if *default* is not one of the catalogue's (or,
    for a profile, its own id). *public_url*, where the service is reached from outside
    (``https://example.org``), gives a catalogue's JSON-LD the addresses of its organisations:
    each one's ``@id``, and those of the organisations it links to.

    Every body of the default organisation is encoded here, once, by picum's converter;
    requests only pick one. A request meets these layers, in this order:

    1. `Limits` (`_limits`): a target or headers too large get 414 or 431;
    2. `FastPath` (`_fast`), with *fast_path* (the default): GET and HEAD requests for a
       precomputed body (pages and formats included) are answered from a table; without it,
       every request goes on to
    3. `Conformance` (`_conformance`): a version other than HTTP/1, a Host missing or invalid,
       a method HTTP does not define get 505, 400, 501;
    4. Litestar: routing, the handlers of `_resources`, errors as problem documents, and the
       headers every answer carries (`_answer_headers`, CORS included).

    Each layer ends the answers it sends with the same `RAW_EVERY_ANSWER`.
    """
    if data is None:
        data, default = picum.Catalogue.bundled(), default or BUNDLED_DEFAULT
    if isinstance(data, picum.Catalogue):
        catalogue, profile = data, data.default(default)
    elif default not in {None, data.id}:
        raise ValueError(f"a profile alone is its own default: {data.id!r}, not {default!r}")
    else:
        catalogue, profile = None, data
    address = None if public_url is None else _addresses(public_url, catalogue)
    representations = Representations(profile, catalogue=catalogue, address=address)
    config = openapi_config(picum.__version__, profile)
    config.openapi_router = Router(
        "/schema",
        route_handlers=[openapi_document, documentation, schema_not_found],
        include_in_schema=False,
    )
    catalogue_routes = [] if catalogue is None else [_resources.CATALOGUE]
    app = Litestar(
        route_handlers=[
            *_resources.routers,
            *catalogue_routes,
            _resources.unversioned,
            health,
            _api_docs.assets,
        ],
        parameters={
            "if_none_match": _resources.IF_NONE_MATCH,
            "if_match": _resources.IF_MATCH,
            "accept_encoding": _resources.ACCEPT_ENCODING,
        },
        state=State({"representations": representations}),
        openapi_config=config,
        plugins=[CoreSchemas()],
        exception_handlers={
            HTTPException: http_exception_handler,
            Exception: internal_error_handler,
        },
        before_send=[_app_headers],
        # Leave logging to the server (uvicorn) and to the application embedding this one.
        logging_config=None,
    )
    if catalogue is not None:
        app.state.catalogue = CatalogueRepresentations(catalogue, representations.keep, address)
    complete(app)
    app.state.documentation = _api_docs.documentation()
    app.state.openapi = (
        Representation.from_body(picum.dumps(app.openapi_schema.to_schema()), "json", {}),
    )
    layers: ASGIApp = Conformance(app)
    if fast_path:
        routes = dict(_fast_routes(representations))
        routes["/schema/openapi.json"] = app.state.openapi
        routes["/schema"] = app.state.documentation
        layers = FastPath(layers, routes, queries=_resources.query_reader(representations, routes))
    return Service(litestar=app, asgi=Limits(layers))


def _addresses(public_url: str, catalogue: picum.Catalogue | None) -> Callable[[str], str]:
    """Give the address of each of the *catalogue*'s organisations, from the service's URL.

    Raises `ValueError` if *public_url* is not one (`settings.public_base`), or if there is no
    catalogue to give addresses to.
    """
    if catalogue is None:
        raise ValueError("a public URL gives the addresses of a catalogue's organisations")
    base = public_base(public_url)
    return lambda id_: f"{base}{organisation_path(id_)}"


def _fast_routes(representations: Representations) -> Iterator[tuple[str, Variants]]:
    """Every path with a precomputed answer to a plain GET, the unversioned twins included.

    The twins are those `_resources.twin_of` gives: of the latest version's resources that have
    them.
    """
    for url, variants in representations.resources():
        if "?" in url:
            continue
        yield url, variants
        if (twin := _resources.twin_of(url)) is not None:
            yield twin, variants
    yield "/health", representations.health
