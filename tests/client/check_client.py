"""``nox -s client``: call every operation of the API through a client generated from its OpenAPI.

The session generates a Python client (openapi-python-client) from the document a running
``picum serve`` serves, then runs ``python -m tests.client.check_client BASE_URL PACKAGE``.
The operations are read from the document, and each one (GET and HEAD) is called through the
generated client with every value of its path parameters (the ids its list gives), every value
of its enumerated query parameters (the formats), every page of a list, and the headers that
bring each of its documented answers: 200, 304 (If-None-Match), 400 (a malformed Accept),
404 (an unknown id), 406 (an Accept it cannot satisfy), 412 (an If-Match naming no current
representation), 414 (a query that makes the target too long) and 431 (a header too large).

A GET answer must parse into the generated model its status documents, which must give back
the JSON the server sent; a HEAD answer must have its required headers and no body. The
check fails if an operation, or an answer of one, that the document lists was not received.
"""

from __future__ import annotations

import enum
import importlib
import itertools
import json
import re
import sys
import typing
from dataclasses import dataclass, field
from typing import Any

import httpx
import jsonschema


#: The media type of each format a client may choose, as the client expects it.
MEDIA_TYPES = {
    "json": "application/json",
    "jsonld": "application/ld+json",
    "csl": "application/vnd.citationstyles.csl+json",
    "bibtex": "application/x-bibtex",
}
#: Accept headers that bring the documented problems: one that is malformed (400), and one
#: that refuses every format (406).
MALFORMED_ACCEPT = "a"
REFUSING_ACCEPT = "image/png"
#: An id that no item has (404).
UNKNOWN_ID = "no-such-item"
#: An If-Match that names no representation the server has: its precondition fails (412).
NO_CURRENT_ETAG = '"no-such-representation"'
#: A query parameter the API ignores, long enough to take a request's target over its limit
#: (414), and a header that takes its headers over theirs (431).
OVER_THE_TARGET_LIMIT = {"padding": "x" * 9 * 1024}
OVER_THE_HEADERS_LIMIT = {"X-Padding": "x" * 17 * 1024}
#: The page size of the calls that page through the lists: small, so that there are pages.
PAGE_SIZE = 2


def python_name(name: str) -> str:
    """Say a parameter's name as a comparable key: ``If-None-Match`` and ``if_none_match`` agree."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


def media_type(response: Any) -> str:
    """The media type of a generated client's answer, without its parameters."""
    content_type: str = response.headers.get("content-type", "")
    return content_type.partition(";")[0].strip()


@dataclass(frozen=True)
class Operation:
    """An operation of the document, and the module the client generated for it."""

    method: str
    path: str
    spec: dict[str, Any]
    module: Any

    def __str__(self) -> str:
        """Name the operation as the document does."""
        return f"{self.method.upper()} {self.path}"

    def parameters(self, where: str) -> list[str]:
        """The names of the operation's parameters *where* (path, query, header)."""
        return [
            parameter["name"]
            for parameter in self.spec.get("parameters", ())
            if parameter["in"] == where
        ]

    def documents(self, status: int) -> bool:
        """Whether the operation documents the answer *status*."""
        return str(status) in self.spec["responses"]

    def response(self, status: int) -> dict[str, Any]:
        """The documented answer *status*."""
        documented: dict[str, Any] = self.spec["responses"][str(status)]
        return documented

    def argument(self, name: str) -> str:
        """The generated function's argument for the parameter *name*."""
        arguments = typing.get_type_hints(self.module.sync_detailed)
        (argument,) = [key for key in arguments if python_name(key) == python_name(name)]
        return argument

    def enumerations(self) -> dict[str, list[enum.Enum]]:
        """The values of each query parameter the generated client enumerates, by argument."""
        hints = typing.get_type_hints(self.module.sync_detailed)
        enumerations: dict[str, list[enum.Enum]] = {}
        for name in self.parameters("query"):
            argument = self.argument(name)
            for member in typing.get_args(hints[argument]):
                if isinstance(member, type) and issubclass(member, enum.Enum):
                    enumerations[argument] = list(member)
        return enumerations

    def url(self, arguments: dict[str, Any]) -> str:
        """The path the operation is called at with these *arguments*."""
        return re.sub(
            r"\{([^}]+)\}", lambda match: str(arguments[self.argument(match[1])]), self.path
        )


@dataclass
class Check:
    """The calls made through the generated client, and what they received."""

    base: str
    document: dict[str, Any]
    package: str
    #: Every (method, path, status) received as documented.
    received: set[tuple[str, str, str]] = field(default_factory=set[tuple[str, str, str]])
    failures: list[str] = field(default_factory=list[str])
    requests: list[httpx.Request] = field(default_factory=list[httpx.Request])
    #: The pages of each list, by its path: the JSON of each GET.
    pages: dict[str, list[dict[str, Any]]] = field(default_factory=dict[str, list[dict[str, Any]]])
    calls: int = 0

    def client(
        self,
        accept: str | None = None,
        *,
        headers: dict[str, str] | None = None,
        params: dict[str, str] | None = None,
    ) -> Any:
        """A generated client that records the requests it sends.

        It sends *accept*, *headers* and the query *params* with every request.
        """
        module = importlib.import_module(f"{self.package}.client")
        return module.Client(
            base_url=self.base,
            headers=({} if accept is None else {"Accept": accept}) | (headers or {}),
            raise_on_unexpected_status=True,
            httpx_args={"event_hooks": {"request": [self._record]}, "params": params or {}},
        )

    def _record(self, request: httpx.Request) -> None:
        self.requests.append(request)

    def operations(self) -> list[Operation]:
        """Every operation of the document, with its generated module.

        openapi-python-client names a module after its operation's id, in snake case.
        """
        return [
            Operation(
                method,
                path,
                spec,
                importlib.import_module(
                    f"{self.package}.api.default."
                    + re.sub(r"(?<!^)(?=[A-Z])", "_", spec["operationId"]).lower()
                ),
            )
            for path, item in self.document["paths"].items()
            for method, spec in item.items()
            if method in {"get", "head", "put", "post", "delete", "patch", "options", "trace"}
        ]

    def fail(self, operation: Operation, message: str) -> None:
        """Record a failure of *operation*."""
        self.failures.append(f"{operation}: {message}")

    def call(
        self, operation: Operation, client: Any, arguments: dict[str, Any], status: int
    ) -> Any:
        """Call *operation* through the generated client; check and record its answer *status*.

        A GET answer in a chosen format that is not the first one its status documents is
        requested with the generated request, and not parsed: openapi-python-client 0.29 parses
        every answer of a status as its first media type
        (openapi-generators/openapi-python-client#1293).
        """
        before, failures = len(self.requests), len(self.failures)
        format_ = self._format(operation, arguments)
        content = list(operation.response(status).get("content", {}))
        if operation.method == "get" and MEDIA_TYPES.get(format_) in content[1:]:
            kwargs = operation.module._get_kwargs(**arguments)
            response = client.get_httpx_client().request(**kwargs)
        else:
            response = operation.module.sync_detailed(client=client, **arguments)
        self.calls += 1
        sent = [(request.method, request.url.path) for request in self.requests[before:]]
        if sent != [(operation.method.upper(), operation.url(arguments))]:
            self.fail(operation, f"the client sent {sent} for {arguments}")
        if int(response.status_code) != status:
            self.fail(operation, f"{status} expected for {arguments}, got {response.status_code}")
            return response
        documented = operation.response(status)
        missing = [
            name
            for name, header in documented.get("headers", {}).items()
            if header.get("required") and name not in response.headers
        ]
        if missing:
            self.fail(operation, f"{status} lacks the required headers {missing}")
        if operation.method == "head" or "content" not in documented:
            self._check_empty(operation, response, status)
        elif isinstance(response, httpx.Response):
            self._check_format(operation, response, documented, format_)
        else:
            self._check_parsed(operation, response, documented)
        if len(self.failures) == failures:
            self.received.add((operation.method, operation.path, str(status)))
        return response

    @staticmethod
    def _format(operation: Operation, arguments: dict[str, Any]) -> str:
        """The format chosen in *arguments*, or ``""``."""
        if "format" not in operation.parameters("query"):
            return ""
        chosen = arguments.get(operation.argument("format"))
        return "" if chosen is None else str(chosen.value)

    def _check_empty(self, operation: Operation, response: Any, status: int) -> None:
        if (response.content, response.parsed) != (b"", None):
            self.fail(operation, f"{status} has a body: {response.content[:80]!r}")

    def _check_parsed(
        self, operation: Operation, response: Any, documented: dict[str, Any]
    ) -> None:
        """Check a JSON answer parsed into the model its first media type refers to."""
        (first, media), *_ = documented["content"].items()
        models = importlib.import_module(f"{self.package}.models")
        model = getattr(models, media["schema"]["$ref"].rsplit("/", 1)[-1])
        if media_type(response) != first:
            self.fail(operation, f"{first} expected, got {media_type(response)}")
        elif not isinstance(response.parsed, model):
            self.fail(operation, f"{model.__name__} expected, parsed {response.parsed!r}")
        elif response.parsed.to_dict() != json.loads(response.content):
            self.fail(operation, f"{model.__name__} does not give back the JSON sent")

    def _check_format(
        self,
        operation: Operation,
        response: httpx.Response,
        documented: dict[str, Any],
        format_: str,
    ) -> None:
        """Check an answer in a format of its own against the schema documented for it."""
        expected = MEDIA_TYPES[format_]
        if media_type(response) != expected or expected not in documented["content"]:
            self.fail(operation, f"{format_}: {expected} expected, got {media_type(response)}")
            return
        body = response.json() if expected.endswith("json") else response.text
        try:
            jsonschema.validate(body, documented["content"][expected]["schema"])
        except jsonschema.ValidationError as error:
            self.fail(operation, f"{format_}: the body is not as documented: {error.message}")

    def run(self) -> None:
        """Call every operation, GET and HEAD, with every argument that brings an answer."""
        plain, malformed, refusing = (
            self.client(),
            self.client(MALFORMED_ACCEPT),
            self.client(REFUSING_ACCEPT),
        )

        operations = self.operations()
        for operation in operations:
            for path in self.path_arguments(operation, operations, plain):
                for enumerated in self.enumerated_arguments(operation):
                    answer = self.call(operation, plain, {**path, **enumerated}, 200)
                    etag = answer.headers.get("etag")
                    if operation.documents(304) and etag is not None:
                        condition = {operation.argument("If-None-Match"): etag}
                        self.call(operation, plain, {**path, **enumerated, **condition}, 304)
                    if operation.documents(412):
                        condition = {operation.argument("If-Match"): NO_CURRENT_ETAG}
                        self.call(operation, plain, {**path, **enumerated, **condition}, 412)
                # A chosen format overrides Accept: the problems of Accept come without one.
                if operation.documents(400):
                    self.call(operation, malformed, path, 400)
                if operation.documents(406):
                    self.call(operation, refusing, path, 406)
            self.refuse(operation)
            if "offset" in operation.parameters("query"):
                self.page_every_list(operation, operations, plain)

    def refuse(self, operation: Operation) -> None:
        """Call *operation* with what its limits and its lists refuse: 404, 414 and 431.

        An unknown id (404), a query over the target's limit (414), a header over the headers'
        (431); the limits come before the resource, so an unknown id serves for all three.
        """
        unknown = {operation.argument(name): UNKNOWN_ID for name in operation.parameters("path")}
        for status, client in (
            (404, self.client()),
            (414, self.client(params=OVER_THE_TARGET_LIMIT)),
            (431, self.client(headers=OVER_THE_HEADERS_LIMIT)),
        ):
            if operation.documents(status):
                self.call(operation, client, unknown, status)

    def path_arguments(
        self, operation: Operation, operations: list[Operation], client: Any
    ) -> list[dict[str, str]]:
        """Each combination of the values of the operation's path parameters (one, if none)."""
        values = [
            [
                (operation.argument(name), id_)
                for id_ in self.ids(operation, name, operations, client)
            ]
            for name in operation.parameters("path")
        ]
        return [dict(combination) for combination in itertools.product(*values)]

    @staticmethod
    def enumerated_arguments(operation: Operation) -> list[dict[str, enum.Enum]]:
        """Each combination of the values the client enumerates, each one also left out."""
        values = [
            [{}, *({argument: value} for value in members)]
            for argument, members in operation.enumerations().items()
        ]
        return [
            {key: value for part in combination for key, value in part.items()}
            for combination in itertools.product(*values)
        ]

    def ids(
        self, operation: Operation, name: str, operations: list[Operation], client: Any
    ) -> list[str]:
        """The ids of the list the path parameter *name* picks from: ``/v1/activities/{id}``'s.

        The list is at the operation's path up to the parameter: ``/v2/organisations`` for
        ``/v2/organisations/{organisation_id}/members``.
        """
        parent = operation.path.partition(f"/{{{name}}}")[0]
        if parent not in self.pages:
            (listing,) = [o for o in operations if (o.method, o.path) == ("get", parent)]
            self.page_through(listing, client)
        return [item["id"] for page in self.pages[parent] for item in page["items"]]

    def page_every_list(
        self, operation: Operation, operations: list[Operation], client: Any
    ) -> None:
        """Page through the list of *operation*, for each of its path arguments, once."""
        for path in self.path_arguments(operation, operations, client):
            if _list_key(operation.path, path) not in self.pages:
                self.page_through(operation, client, path)

    def page_through(
        self, operation: Operation, client: Any, path: dict[str, str] | None = None
    ) -> None:
        """Call a list for every page, a few items at a time; keep the JSON of a GET's pages.

        *path* gives the list's path parameters, if it has any (an organisation's members). A
        HEAD goes through as many pages as its GET did (the document lists GET first).
        """
        path = path or {}
        key = _list_key(operation.path, path)
        pages: list[dict[str, Any]] = []
        gotten = self.pages.get(key, [])
        offset, total = 0, gotten[0]["total"] if gotten else 1
        limit = operation.argument("limit")
        while offset < total:
            page = {**path, "offset": offset, limit: PAGE_SIZE}
            answer = self.call(operation, client, page, 200)
            if operation.method == "get":
                pages.append(json.loads(answer.content))
                total = pages[-1]["total"]
            offset += PAGE_SIZE
        if operation.method == "get":
            self.pages[key] = pages

    def unreceived(self) -> list[tuple[str, str, str]]:
        """Every documented (method, path, status) that no call received as documented."""
        documented = {
            (method, path, status)
            for path, item in self.document["paths"].items()
            for method, spec in item.items()
            for status in spec["responses"]
        }
        return sorted(documented - self.received)


def _list_key(path: str, arguments: dict[str, str]) -> str:
    """Name the list at *path* with its path *arguments*: the path itself where it has none."""
    if not arguments:
        return path
    return f"{path}?{sorted(arguments.items())}"


def main(base: str, package: str) -> int:
    """Check the client *package* against the API at *base*; say what failed and return 1."""
    document = httpx.get(f"{base}/schema/openapi.json").json()
    check = Check(base, document, package)
    check.run()
    failures = [
        *check.failures,
        *(
            f"{method.upper()} {path}: {status} never received"
            for method, path, status in check.unreceived()
        ),
    ]
    for failure in failures:
        sys.stderr.write(f"FAILED {failure}\n")
    sys.stdout.write(
        f"{check.calls} calls through the generated client, {len(check.received)} documented"
        f" answers received of {len(check.received) + len(check.unreceived())}\n"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
