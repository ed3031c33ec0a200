"""The OpenAPI document: Litestar describes the operations, the core's JSON Schema the bodies."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from litestar import HttpMethod
from litestar.datastructures import ResponseHeader
from litestar.enums import ParamType
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin
from litestar.openapi.spec import (
    Components,
    License,
    OpenAPIFormat,
    OpenAPIHeader,
    OpenAPIMediaType,
    OpenAPIResponse,
    OpenAPIType,
    Operation,
    Parameter,
    Reference,
    Schema,
)
from litestar.plugins import OpenAPISchemaPlugin
from litestar.routes import HTTPRoute

import picum
from picum import Activity, Citation

from ._bodies import (
    PAGE_NAMES,
    ActivityPage,
    Answers,
    CitationPage,
    Health,
    Index,
    IndexV2,
    MembershipPage,
    MembershipPageV1,
    ProblemDetails,
    SourcePage,
    SourcePageV1,
)
from ._http import FORMATS
from ._query import QueryParameter, Takes


if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from litestar import Litestar
    from litestar._openapi.schema_generation import SchemaCreator
    from litestar.typing import FieldDefinition

_COMPONENTS = "#/components/schemas/"
#: Every type whose wire format is a body the API serves: the model's and the API's own.
BODY_TYPES: tuple[type, ...] = (
    Index,
    IndexV2,
    picum.format1.Organisation,
    picum.Organisation,
    Answers,
    Activity,
    Citation,
    ActivityPage,
    MembershipPage,
    MembershipPageV1,
    CitationPage,
    SourcePage,
    SourcePageV1,
    Health,
    ProblemDetails,
)
#: The components of the current wire format (`/v2`) whose names `/v1`'s types (the 2016-era
#: format's) have: `/v1` keeps its names, which clients generated from its document know.
COMPONENT_NAMES: dict[type, str] = {
    **{type_: f"{type_.__name__}V2" for type_ in picum.format1.NAMESAKES},
    **PAGE_NAMES,
}


class CoreSchemas(OpenAPISchemaPlugin):
    """Document bodies by reference to the components made from the core's JSON Schema.

    Litestar's own schemas of attrs classes would describe what msgspec would write; the API
    serves what picum's converter writes, and only the core's schema describes that.
    """

    @staticmethod
    def is_plugin_supported_type(value: Any) -> bool:
        """Claim every type whose body the core's converter writes."""
        return value in BODY_TYPES

    def to_openapi_schema(
        self, field_definition: FieldDefinition, schema_creator: SchemaCreator
    ) -> Schema:
        """Refer to the type's component."""
        del schema_creator
        # Litestar takes a reference where its signature says a schema.
        type_ = field_definition.annotation
        return Reference(ref=f"{_COMPONENTS}{COMPONENT_NAMES.get(type_, type_.__name__)}")  # type: ignore[return-value]


def openapi_config(version: str, profile: picum.Organisation) -> OpenAPIConfig:
    """Configure the OpenAPI document of the API serving *profile*, at /schema/openapi.json."""
    identity = profile.identity
    named = f"{identity.acronym}, the {identity.name}" if identity.acronym else identity.name
    return OpenAPIConfig(
        title="picum API",
        version=version,
        description=(
            f"The profile of {named}, as open data: every fact with its qualifiers and sources."
            f" The data is available under {profile.licence.name} ({profile.licence.spdx_id});"
            " see each response's Link header."
        ),
        license=License(name=f"MIT (code); {profile.licence.spdx_id} (data)", identifier="MIT"),
        path="/schema",
        # The documentation page is the app's own (see `_api_docs`): none from a CDN.
        render_plugins=[JsonRenderPlugin()],
        use_handler_docstrings=True,
        create_examples=False,
        components=Components(),
    )


def _header(name: str, description: str) -> ResponseHeader:
    return ResponseHeader(
        name=name, description=description, required=True, documentation_only=True
    )


#: The headers of a representation (see `_http`), declared to Litestar on the routes that send
#: them; `complete` documents them on each 200 and 304 answer.
ETAG_HEADER = _header("ETag", "A strong entity tag: a hash of the body, the same in every process.")
CACHE_CONTROL_HEADER = _header(
    "Cache-Control", "How long the response may be reused without asking again."
)
VARY_HEADER = _header("Vary", "The answer depends on the Accept and Accept-Encoding headers.")
LINK_HEADER = _header("Link", 'The licence of the data (rel="license").')
CONTENT_ENCODING_HEADER = ResponseHeader(
    name="Content-Encoding",
    description=(
        "br or gzip: the body is compressed, where Accept-Encoding accepts it and compression"
        " pays; the ETag is then that of the compressed bytes."
    ),
    required=False,
    documentation_only=True,
)
#: The headers of every data resource: those of any representation, and the licence.
DATA_HEADERS = (
    ETAG_HEADER,
    CACHE_CONTROL_HEADER,
    VARY_HEADER,
    LINK_HEADER,
    CONTENT_ENCODING_HEADER,
)
#: What a catalogue's lists carry: no licence in a header, since their items are of many
#: profiles, each giving its own in the body.
CATALOGUE_HEADERS = tuple(header for header in DATA_HEADERS if header is not LINK_HEADER)


#: What the standard formats' documents are, as far as the API vouches for them.
FORMAT_SCHEMAS = {
    "jsonld": Schema(
        type=OpenAPIType.OBJECT,
        description="schema.org JSON-LD: the organisation (an NGO) and the dataset of its profile.",
        required=["@context", "@graph"],
    ),
    "csl": Schema(
        type=OpenAPIType.ARRAY,
        items=Schema(type=OpenAPIType.OBJECT, required=["id", "type"]),
        description="CSL-JSON items, as the CSL data schema defines them.",
    ),
    "bibtex": Schema(type=OpenAPIType.STRING, description="BibTeX entries, one per citation."),
}


def complete(app: Litestar) -> None:
    """Add to the app's OpenAPI document what Litestar's declarations cannot say.

    - The components: the core's JSON Schemas of the bodies. Litestar sets the components to
      the schemas it made itself, dropping those of `OpenAPIConfig.components`.
    - The headers each handler declares (`ResponseHeader`, `documentation_only`), on its 200
      and 304 answers: Litestar puts them on the success answer it makes, which a declared
      ``responses[200]`` (`ResponseSpec`, needed for the body's schema) replaces, and a
      `ResponseSpec` has no headers.
    - The query parameters the handler takes (``opt["query"]``, read by `_query`), after its
      path parameters; and its other formats on its 200: a `ResponseSpec` has one media type.
    """
    openapi = app.openapi_schema
    assert openapi.components.schemas is not None  # noqa: S101 - Litestar always makes it
    # Plain JSON Schema dicts: Litestar writes them into the document as they are.
    definitions: dict[str, Any] = picum.json_schema_definitions(
        *BODY_TYPES, ref_prefix=_COMPONENTS, names=COMPONENT_NAMES
    )
    openapi.components.schemas.update(definitions)
    for route in app.routes:
        path_item = (openapi.paths or {}).get(route.path_format)
        if not isinstance(route, HTTPRoute) or path_item is None:
            continue
        for handler in route.route_handlers:
            headers = {
                header.name: OpenAPIHeader(
                    schema=Schema(type=OpenAPIType.STRING),
                    description=header.description,
                    required=header.required,
                )
                for header in sorted(handler.resolve_response_headers(), key=lambda h: h.name)
            }
            takes: Takes = handler.opt.get("query", Takes())
            for method in handler.http_methods:
                operation = getattr(path_item, method.lower(), None)
                if isinstance(operation, Operation):
                    _document(operation, headers, takes.formats)
                    operation.parameters = _with_query(operation.parameters or [], takes)
                    if method == HttpMethod.HEAD:
                        _without_bodies(operation)


def _document(
    operation: Operation, headers: Mapping[str, OpenAPIHeader], formats: Sequence[str]
) -> None:
    """Add a handler's headers to its 200 and 304 answers, and its other formats to its 200."""
    for status, response in (operation.responses or {}).items():
        if status not in {"200", "304"} or not isinstance(response, OpenAPIResponse):
            continue
        response.headers = {**headers}
        if status == "200" and response.content is not None:
            for format_ in formats[1:]:
                response.content[FORMATS[format_].media_type] = OpenAPIMediaType(
                    schema=FORMAT_SCHEMAS[format_]
                )


def _without_bodies(operation: Operation) -> None:
    """Document a HEAD operation's answers as they are: headers, and no body.

    Litestar documents HEAD like the GET it shares a handler with, bodies included, which client
    generators then try to read. The answers are copied, since the GET's are the same objects.
    """
    operation.responses = {
        status: dataclasses.replace(response, content=None)
        if isinstance(response, OpenAPIResponse)
        else response
        for status, response in (operation.responses or {}).items()
    }


def _with_query(
    parameters: list[Parameter | Reference], takes: Takes
) -> list[Parameter | Reference]:
    """Document the query parameters a handler *takes* after its path parameters."""
    path = [
        parameter
        for parameter in parameters
        if isinstance(parameter, Parameter) and parameter.param_in == ParamType.PATH
    ]
    others = [parameter for parameter in parameters if parameter not in path]
    return [*path, *map(query_parameter, takes.parameters), *others]


def query_parameter(parameter: QueryParameter) -> Parameter:
    """Document a query *parameter*: absent, or one of its values (a query cannot say null)."""
    schema = Schema(
        type=OpenAPIType(parameter.type),
        enum=None if parameter.choices is None else list(parameter.choices),
        format=None if parameter.format is None else OpenAPIFormat(parameter.format),
        description=parameter.description,
        default=parameter.default,
        # Numbers, not integers, as Litestar documented them: the same document as before.
        minimum=None if parameter.minimum is None else float(parameter.minimum),
        maximum=None if parameter.maximum is None else float(parameter.maximum),
        max_length=parameter.max_length,
    )
    return Parameter(
        name=parameter.name,
        param_in=ParamType.QUERY,
        schema=schema,
        description=parameter.description,
        required=False,
        deprecated=False,
        allow_empty_value=False,
        allow_reserved=False,
    )
