"""The Litestar application: routes, OpenAPI, CORS, errors, and the representations it serves."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from litestar import HttpMethod, Litestar, Request, Response, Router, route
from litestar.config.cors import CORSConfig
from litestar.constants import OPENAPI_JSON_HANDLER_NAME
from litestar.datastructures import State
from litestar.exceptions import HTTPException

import picum

from . import v1
from ._documents import Health
from ._http import Representation, respond
from ._openapi import CoreSchemas, complete, openapi_config
from ._problems import http_exception_handler, internal_error_handler
from ._representations import Catalog


if TYPE_CHECKING:
    from litestar.types import Message, Scope


@route(
    "/health",
    http_method=v1.GET_HEAD,
    summary="Liveness",
    responses=v1.responses(Health),
    opt={"headers": ("ETag", "Cache-Control", "Vary")},
)
async def health(request: Request[Any, Any, Any]) -> Response[bytes]:
    """Say that the service is up; never cached."""
    catalog: Catalog = request.app.state.catalog
    return respond(request, catalog.health)


@route(
    "/openapi.json",
    http_method=v1.GET_HEAD,
    include_in_schema=False,
    # The documentation pages find the document by this name.
    name=OPENAPI_JSON_HANDLER_NAME,
)
async def openapi_document(request: Request[Any, Any, Any]) -> Response[bytes]:
    """The OpenAPI document, encoded once like every other representation."""
    openapi: tuple[Representation, ...] = request.app.state.openapi
    return respond(request, openapi)


async def _nosniff(message: Message, scope: Scope) -> None:
    del scope
    if message["type"] == "http.response.start":
        message["headers"] = [*message["headers"], (b"x-content-type-options", b"nosniff")]


def create_app(profile: picum.Organisation | None = None) -> Litestar:
    """Make the API's application for *profile* (default: the bundled PICUM profile).

    Every body is encoded here, once, by picum's converter; requests only pick one.
    """
    catalog = Catalog(picum.load() if profile is None else profile)
    config = openapi_config(picum.__version__)
    config.openapi_router = Router(
        "/schema", route_handlers=[openapi_document], include_in_schema=False
    )
    app = Litestar(
        route_handlers=[v1.router, v1.current, health],
        state=State({"catalog": catalog}),
        openapi_config=config,
        plugins=[CoreSchemas()],
        cors_config=CORSConfig(
            allow_origins=["*"],
            allow_methods=[HttpMethod.GET, HttpMethod.HEAD],
            allow_headers=["Accept", "If-None-Match"],
            expose_headers=["ETag", "Link"],
        ),
        exception_handlers={
            HTTPException: http_exception_handler,
            Exception: internal_error_handler,
        },
        before_send=[_nosniff],
        # Leave logging to the server (uvicorn) and to the application embedding this one.
        logging_config=None,
    )
    complete(app)
    app.state.openapi = (
        Representation.from_body(picum.dumps(app.openapi_schema.to_schema()), "json", {}),
    )
    return app
