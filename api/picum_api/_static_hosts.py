"""The configuration that makes a static host answer an export as the live API does.

`export_static <picum_api.export_static>` writes two, beside the files:

- ``nginx.conf``, to ``include`` in an nginx ``server {}`` block whose ``root`` is the export:
  the API's URLs (no extension), content negotiation by ``Accept`` and ``?format=``, the API's
  headers and ETags, ``304`` for ``If-None-Match``, ``OPTIONS``, and the API's problem documents
  for ``404`` and ``405``;
- ``_headers``, for hosts that read one (Netlify, Cloudflare Pages): each file's URL with the
  headers the API sends with that representation.

What a static host still does differently is listed in the documentation (*Publish the API as
static files*, in the how-to guides).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import attrs

import picum
from picum._constraints import END, SLUG_PATTERN

from ._answer_headers import EVERY_ANSWER, PREFLIGHT
from ._http import ALLOW, CODING_ALIASES, CODINGS, FORMATS, PROBLEM_JSON, Representation
from ._problems import (
    PROBLEM_HEADERS,
    method_not_allowed_detail,
    not_found_detail,
    problem_document,
)
from ._query import DEFAULT_LIMIT, ORGANISATION, SEARCHED, Takes
from ._query import PAGED as PAGED_LINKS
from ._versions import ORGANISATIONS


if TYPE_CHECKING:
    from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence


NGINX = "nginx.conf"
#: The file name extension of each content coding: a compressed sibling of the plain file.
#: As static hosts look for them (nginx's gzip_static and brotli_static, for one).
CODING_EXTENSIONS = {"br": ".br", "gzip": ".gz"}
HEADERS = "_headers"
#: How each file begins, as picum has written it since its first version: part of what
#: proves a folder an earlier export (the nginx line then ended "(1.18 or later).").
NGINX_MARK = "# Serves this export of the picum API as the live API answers, for nginx"
HEADERS_MARK = (
    "# The headers the live API sends with each file of this export, for static hosts that\n"
    "# read a _headers file (Netlify, Cloudflare Pages). Written by `picum export-static`.\n"
)
#: Stands for the request's path or method in a problem document, until nginx's variable
#: replaces it: no path or method of the API looks like it, and JSON writes it as it is.
_PATH, _METHOD = "@picum:path@", "@picum:method@"
#: Stands for the request's target as received, a problem's `instance`, until nginx's variable
#: (set to ``$request_uri`` where that is a URI reference) replaces it.
_TARGET = "@picum:target@"
#: What a target must be made of for nginx to give it as a problem's instance: a URI reference
#: (RFC 3986's characters, but ``$``, which nginx would read as a variable).
_URI_SAFE = r"^[A-Za-z0-9._~!&'()*+,;=:@/?%-]*$"
#: What a path must be made of for nginx to put it in a JSON string as it is: printable ASCII
#: but the quote and the backslash.
_JSON_SAFE = r"^[ !#-\[\]-~]*$"


@attrs.frozen(kw_only=True)
class ExportedFile:
    """One representation of a resource, as the export holds it: in a file, at a URL."""

    url: str
    representation: Representation
    file: str
    #: The extension of the file's name that says its format (``.csl.json``).
    extension: str

    @property
    def path(self) -> str:
        """The URL's path, without its query."""
        return self.url.partition("?")[0]

    @property
    def query(self) -> str:
        """The URL's query, without the ``?``: empty for most resources."""
        return self.url.partition("?")[2]


@attrs.frozen(kw_only=True)
class Kind:
    """A kind of path of a catalogue's, whose files one rule serves, however many there are.

    Its files are named after its paths: a path's first page, or its only one, is its *base*
    with the format's extension; a later page adds ``.offset-N.limit-50``.
    """

    #: Names it, in its files' internal locations.
    name: str
    #: Its paths, as a PCRE that names what the files' names take (``picum_id``).
    pattern: str
    #: The file of a path without extension, from what *pattern* names.
    base: str
    #: The formats it is written in, the default first.
    formats: tuple[str, ...]
    #: What its query takes, as the live API's resource.
    takes: Takes


#: The identifier of a profile, as the core checks it (`picum._constraints.SLUG_PATTERN`).
_ID = SLUG_PATTERN.removeprefix("^").removesuffix(END)
#: A catalogue's kinds of path: its list of organisations, a profile, a profile's links.
KINDS: tuple[Kind, Kind, Kind] = (
    Kind(
        name="list",
        pattern=f"^{ORGANISATIONS}$",
        base=ORGANISATIONS,
        formats=("json",),
        takes=SEARCHED,
    ),
    Kind(
        name="profile",
        pattern=f"^{ORGANISATIONS}/(?<picum_id>{_ID})$",
        base=f"{ORGANISATIONS}/$picum_id",
        formats=("json", "jsonld", "html"),
        takes=ORGANISATION,
    ),
    Kind(
        name="links",
        pattern=f"^{ORGANISATIONS}/(?<picum_id>{_ID})/(?<picum_links>members|memberships)$",
        base=f"{ORGANISATIONS}/$picum_id/$picum_links",
        formats=("json",),
        takes=PAGED_LINKS,
    ),
)


def response_headers(representation: Representation) -> dict[str, str]:
    """Give the headers the live API sends with *representation*: its type, its own, the app's."""
    return {"Content-Type": representation.content_type, **representation.headers, **EVERY_ANSWER}


def headers_file(
    files: Iterable[ExportedFile], kinds: Mapping[tuple[Kind, str], Mapping[str, str]]
) -> str:
    """Write a ``_headers`` file: each exported file's URL, then the API's headers for it.

    A catalogue's files (*kinds*: the headers of each kind's files, by format) get a rule for
    all: the headers its files have alike (the host gives the Content-Type, by extension).
    """
    lines: list[str] = [*HEADERS_MARK.splitlines()]
    for exported in files:
        lines.append(f"/{exported.file}")
        lines.extend(
            f"  {name}: {value}"
            for name, value in response_headers(exported.representation).items()
        )
    list_kind = KINDS[0]
    for pattern, shown in (
        (f"{ORGANISATIONS}.json", [key for key in kinds if key[0] == list_kind]),
        (f"{ORGANISATIONS}.offset-*", [key for key in kinds if key[0] == list_kind]),
        (f"{ORGANISATIONS}/*", [key for key in kinds if key[0] != list_kind]),
    ):
        if shown:
            lines.append(pattern)
            alike = _alike_headers([kinds[key] for key in shown])
            lines.extend(f"  {name}: {value}" for name, value in {**alike, **EVERY_ANSWER}.items())
    return "\n".join(lines) + "\n"


def _alike_headers(headers: Sequence[Mapping[str, str]]) -> dict[str, str]:
    """Give the headers all of *headers* have alike, and the pages' policies, merged."""
    alike = dict(headers[0])
    for other in headers[1:]:
        alike = {name: value for name, value in alike.items() if other.get(name) == value}
    for other in headers:
        alike.update(
            {
                name: value
                for name, value in other.items()
                if name in _PAGE_ONLY and name not in alike
            }
        )
    return alike


#: The headers of the pages for people, harmless on the other files a rule serves with them.
_PAGE_ONLY = ("Content-Security-Policy", "Referrer-Policy")


def nginx_config(
    files: Sequence[ExportedFile],
    lists: Collection[str],
    dated: Collection[str],
    kinds: Mapping[tuple[Kind, str], Mapping[str, str]],
) -> str:
    """Write the nginx configuration that serves the exported *files* as the live API does.

    *lists* are the paths of the lists, whose pages the API reads from the query's ``offset``
    and ``limit``; *dated* those that read ``as_of``, whose views at a day the export lacks
    (a `404`, not the resource of today). The configuration is to be included in a
    ``server {}`` block whose ``root`` is the export's folder, and that serves nothing else: it
    answers every path, the API's with its files and the others with the API's ``404`` problem
    document.

    A catalogue's files are served by a rule per kind of path (*kinds*: the headers each kind's
    files have alike, by format), whatever their number: with nginx's own ETags (the manifest
    has the API's), and the headers they have alike.
    """
    by_path: dict[str, list[ExportedFile]] = {}
    for exported in files:
        by_path.setdefault(exported.path, []).append(exported)
    blocks = [
        _NGINX_PREAMBLE,
        _block("location /", ["return 404;"]),
        _block(f"location {_NOT_FOUND}", _not_found()),
        *(
            _resource(path, variants, paged=path in lists, dated=path in dated)
            for path, variants in by_path.items()
        ),
        *(block for exported in files for block in _files(exported)),
        *(
            block
            for kind in KINDS
            if (kind, kind.formats[0]) in kinds
            for block in _kind(kind, kinds)
        ),
    ]
    return "\n\n".join(blocks) + "\n"


#: The prefix of the locations of a catalogue's files, by kind, which only their kind's reaches.
_KIND_FILES = "/.picum-kind"


def _kind(kind: Kind, kinds: Mapping[tuple[Kind, str], Mapping[str, str]]) -> Iterator[str]:
    """Answer at every path of *kind*, then serve its files in each format and coding."""
    takes = kind.takes
    read = [
        *(["offset", "limit"] if takes.paged else []),
        *(["format"] if len(takes.formats) > 1 else []),
        *(["as_of"] if takes.dated else []),
        *(["q", "type", "country"] if takes.searched else []),
    ]
    lines = [
        *_answers_itself(_PATH),
        'set $picum_base "";',
        *_if(f'$args !~ "(^|&)({"|".join(read)})="', [f"set $picum_base {kind.base};"]),
    ]
    if takes.paged:
        later = rf"^offset=(?<picum_offset>[1-9][0-9]*)&limit={DEFAULT_LIMIT}$"
        page = f"{kind.base}.offset-$picum_offset.limit-{DEFAULT_LIMIT}"
        lines += _if(f"$args ~ {_regex(later)}", [f"set $picum_base {page};"])
    lines += _negotiated(
        [(FORMATS[name].extension, FORMATS[name].media_type) for name in kind.formats]
    )
    for name in takes.formats if len(takes.formats) > 1 else ():
        lines += _if(
            f'$args = "format={name}"',
            [f"set $picum_base {kind.base};", f"set $picum_ext {FORMATS[name].extension};"],
        )
    no_file = (
        f"this static export of the API has no file for this query of {_PATH}: it has the"
        " pages its lists link to"
        + (", and ?format=" if len(takes.formats) > 1 else "")
        + ("; a search is the live API's" if takes.searched else "")
    )
    lines += _if('$picum_base = ""', [_return_problem(404, no_file, _TARGET)])
    lines += [
        *_choose_coding(),
        # What a missing file's 404 names: the path asked for, not the file's location.
        "set $picum_path $uri;",
        f"rewrite ^ {_KIND_FILES}/{kind.name}$picum_base$picum_ext$picum_coding? last;",
    ]
    head = (
        f"location = {kind.base}" if "$" not in kind.base else f"location ~ {_regex(kind.pattern)}"
    )
    yield _block(head, lines)
    for name in kind.formats:
        headers = kinds[kind, name]
        extension = FORMATS[name].extension
        files = f"^{_KIND_FILES}/{kind.name}(?<picum_file>/.+{re.escape(extension)})"
        plain = f"{_KIND_FILES}/{kind.name}$picum_file"
        for coding in ("", *CODINGS):
            suffix = CODING_EXTENSIONS.get(coding, "")
            coded = {"Content-Encoding": coding} if coding else {}
            lines = [
                "internal;",
                "types { }",
                f"default_type {_quote(FORMATS[name].content_type)};",
                # A rule for every file of the kind: nginx's ETag (the file's time and size).
                "etag on;",
                *_add_headers({**headers, **coded}, EVERY_ANSWER),
                # A coding a file has no compressed form in serves the plain file, as the API.
                f"try_files $picum_file{suffix} {plain if coding else '=404'};",
            ]
            yield _block(f"location ~ {_regex(files + re.escape(suffix) + '$')}", lines)


_NOT_FOUND = "@picum_not_found"
#: The prefix of the files' locations, which only the resources' locations reach.
_FILES = "/.picum-file"
_NGINX_PREAMBLE = (
    f"{NGINX_MARK} (tested with 1.22).\n"
    """\
# Written by `picum export-static`: export again rather than edit it. Include it in a server
# block that serves only the export, at the root of the host, with the export as its root:
#
#     server {
#         listen 80;
#         root /srv/picum-export;
#         include /srv/picum-export/nginx.conf;
#     }

# The API's ETags, not nginx's (which hash a file's time and size), and no answer that the API
# would not give: no 304 for If-Modified-Since, no 206 for Range.
etag off;
if_modified_since off;
max_ranges 0;
# The files are compressed already, once, as the API compresses them (X.br, X.gz beside X):
# nginx must not compress them again.
gzip off;

# Any path the API does not serve, a file's own name included, is answered as the API does.
error_page 404 @picum_not_found;
# `$picum_path` is set only where a catalogue's file may be missing; elsewhere it is empty.
uninitialized_variable_warn off;"""
)


def _resource(path: str, variants: list[ExportedFile], *, paged: bool, dated: bool) -> str:
    """Answer at one URL path: its methods, queries (pages if *paged*, a day if *dated*), files."""
    pages: dict[str, ExportedFile] = {}
    for exported in variants:
        pages.setdefault(exported.query, exported)
    formats = [exported for exported in variants if not exported.query]
    lines = _answers_itself(path)
    parameters = _parameters(path, formats, paged=paged, dated=dated)
    base = {query: _base(exported) for query, exported in pages.items()}
    if parameters:
        # A query with none of the parameters the API reads here asks for the resource itself.
        read = "|".join(parameters)
        lines += ['set $picum_base "";']
        lines += _if(f'$args !~ "(^|&)({read})="', [f"set $picum_base {base['']};"])
    else:
        lines += [f"set $picum_base {base['']};"]
    for query, page in base.items():
        if query:
            lines += _if(f'$args = "{query}"', [f"set $picum_base {page};"])
    lines += _negotiated(
        [(exported.extension, exported.representation.media_type) for exported in formats]
    )
    if "format" in parameters:
        for query, page in base.items():
            for exported in formats:
                asked = "&".join(filter(None, (query, f"format={exported.representation.format}")))
                lines += _if(
                    f'$args = "{asked}"',
                    [f"set $picum_base {page};", f"set $picum_ext {exported.extension};"],
                )
    if parameters:
        no_file = (
            f"this static export of the API has no file for this query of {path}: it has the"
            " pages its lists link to, and ?format="
        )
        lines += _if('$picum_base = ""', [_return_problem(404, no_file, path)])
    lines += [*_choose_coding(), f"rewrite ^ {_FILES}$picum_base$picum_ext$picum_coding? last;"]
    return _block(f"location = {path}", lines)


def _answers_itself(path: str) -> list[str]:
    """Begin a resource's location: what it answers itself, OPTIONS, 405, and the problems' headers.

    *path* is the resource's as its messages name it (the request's, where it holds `_PATH`).
    """
    return [
        # Its problem documents are typed as such whatever the path's extension (nginx would
        # type `/x.html` as HTML by its types, and a path can be made to hold markup).
        "types { }",
        f"default_type {PROBLEM_JSON};",
        # The instance of its problem documents: the target, or where it is no URI reference
        # (a query with a quote, say), the path.
        "set $picum_target $request_uri;",
        *_if(f"$request_uri !~ {_regex(_URI_SAFE)}", ["set $picum_target $uri;"]),
        # The headers of the problem documents this location answers with itself.
        *_add_headers(PROBLEM_HEADERS, EVERY_ANSWER),
        *_if(
            "$request_method = OPTIONS",
            [*_add_headers({"Allow": ALLOW}, PREFLIGHT, EVERY_ANSWER), "return 204;"],
        ),
        *_if(
            '$request_method !~ "^(GET|HEAD)$"',
            [
                *_add_headers({"Allow": ALLOW}, PROBLEM_HEADERS, EVERY_ANSWER),
                _return_problem(405, method_not_allowed_detail(_METHOD, path), _TARGET),
            ],
        ),
    ]


def _negotiated(formats: Sequence[tuple[str, str]]) -> list[str]:
    """Set ``$picum_ext`` to the extension of the format Accept asks for, of *formats*.

    *formats* are extensions and media types, the default first.
    """
    lines = [f"set $picum_ext {formats[0][0]};"]
    # The last match wins: the other formats in reverse order, then the default.
    for extension, media_type in [*formats[:0:-1], formats[0]] if len(formats) > 1 else []:
        lines += _if(
            f"$http_accept ~* {_regex(_named(media_type))}", [f"set $picum_ext {extension};"]
        )
    return lines


def _files(exported: ExportedFile) -> Iterator[str]:
    """Serve one file, and each of its compressed forms, with the API's headers, or 304.

    Their locations are reached only from their resource's, under a prefix of their own: a
    file's own URL is no URL of the API, but the OpenAPI document's, which is both. A coding
    the file has no compressed form in serves the plain file, as the API does.
    """
    representation = exported.representation
    yield _file(exported.file, representation)
    codings = {coded.coding: coded for coded in representation.codings}
    for coding in CODINGS:
        compressed = f"{exported.file}{CODING_EXTENSIONS[coding]}"
        coded = codings.get(coding)
        if coded is None:
            location = f"location = {_FILES}/{compressed}"
            yield _block(location, ["internal;", f"rewrite ^ {_FILES}/{exported.file} last;"])
        else:
            yield _file(compressed, coded)


def _file(file: str, representation: Representation) -> str:
    """Serve *file* with the API's headers for *representation*, or 304 if its ETag matches."""
    headers = dict(response_headers(representation))
    content_type = headers.pop("Content-Type")
    # If-None-Match compares weakly (W/"x" matches "x"), and "*" matches any.
    matches = rf"^[ \t]*\*[ \t]*$|{re.escape(representation.etag)}"
    lines = [
        "internal;",
        "types { }",
        f"default_type {_quote(content_type)};",
        *_add_headers(headers),
        *_if(f"$http_if_none_match ~ {_regex(matches)}", ["return 304;"]),
        f"try_files /{file} =404;",
    ]
    return _block(f"location = {_FILES}/{file}", lines)


def _choose_coding() -> list[str]:
    """Set ``$picum_coding`` to the extension of the coding the client accepts, br first.

    Each file has a location per coding, which serves the compressed file where there is one,
    and the plain one where there is none.
    """
    lines = ['set $picum_coding "";']
    for coding in CODINGS[::-1]:  # the last match wins
        lines += _if(
            f"$http_accept_encoding ~* {_regex(_accepts(coding))}",
            [f"set $picum_coding {CODING_EXTENSIONS[coding]};"],
        )
    return lines


def _accepts(coding: str) -> str:
    """Match an Accept-Encoding header that names *coding* (or an alias) with a quality above 0.

    No quality is 1. Qualities are written as RFC 9110 writes them: ``1``, ``1.000``, ``0.5``,
    at most three decimals; ``0``, ``0.0`` and the like refuse.
    """
    above_zero = r"1(\.0{0,3})?|0\.(?!0{1,3}[ \t]*(,|$))[0-9]{1,3}"
    quality = rf"[ \t]*;[ \t]*q=({above_zero})"
    names = "|".join([coding, *(alias for alias, name in CODING_ALIASES.items() if name == coding)])
    return f"(^|,)[ \t]*({names})({quality})?[ \t]*(,|$)"


def _not_found() -> list[str]:
    """Answer 404 with the API's problem document, naming the path where JSON can hold it."""
    anywhere = picum.dumps(
        {
            "type": "about:blank",
            "title": "Not Found",
            "status": 404,
            "detail": not_found_detail("this path"),
        }
    ).decode()
    return [
        # Typed as a problem document whatever the path's extension, as `_answers_itself`.
        "types { }",
        f"default_type {PROBLEM_JSON};",
        *_add_headers(PROBLEM_HEADERS, EVERY_ANSWER),
        # A catalogue's file that is not there (an id the catalogue lacks) is reached from its
        # kind's location, which set the path asked for.
        *_if('$picum_path = ""', ["set $picum_path $uri;"]),
        *_if(f"$picum_path !~ {_regex(_JSON_SAFE)}", [f"return 404 {_quote(anywhere)};"]),
        *_if(f"$request_uri !~ {_regex(_URI_SAFE)}", [f"return 404 {_quote(anywhere)};"]),
        "set $picum_target $request_uri;",
        _return_problem(404, not_found_detail(_PATH), _TARGET).replace("$uri", "$picum_path"),
    ]


def _parameters(path: str, formats: list[ExportedFile], *, paged: bool, dated: bool) -> list[str]:
    """Name the query parameters the API reads at *path*: the root negotiates by Accept only."""
    return [
        *(["offset", "limit"] if paged else []),
        *(["format"] if len(formats) > 1 and path != "/" else []),
        *(["as_of"] if dated else []),
    ]


def _base(exported: ExportedFile) -> str:
    """Give the URL of the file without its format's extension."""
    return f"/{exported.file}".removesuffix(exported.extension)


def _named(media_type: str) -> str:
    """Match an Accept header that names *media_type*, or its type with any subtype."""
    kind = media_type.partition("/")[0]
    ranges = f"{re.escape(media_type)}|{re.escape(kind)}/\\*"
    return f"(^|,)[ \t]*({ranges})[ \t]*(;|,|$)"


def _return_problem(status: int, detail: str, instance: str) -> str:
    body = problem_document(status, detail, instance).decode()
    return f"return {status} {_quote(body)};"


def _quote(text: str) -> str:
    """Quote *text* for nginx, with the request's path and method as nginx's variables.

    nginx reads a ``$`` in a string as a variable, and has no way to escape it.
    """
    if "$" in text:
        raise ValueError(f"nginx cannot quote a $: {text!r}")
    return (
        _regex(text)
        .replace(_PATH, "$uri")
        .replace(_TARGET, "$picum_target")
        .replace(_METHOD, "$request_method")
    )


def _regex(pattern: str) -> str:
    """Quote a regular expression for nginx, which reads it as it is, ``$`` included."""
    return '"' + pattern.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _add_headers(*headers: dict[str, str]) -> Iterator[str]:
    for group in headers:
        for name, value in group.items():
            yield f"add_header {name} {_quote(value)} always;"


def _if(condition: str, body: Iterable[str]) -> list[str]:
    return [f"if ({condition}) {{", *(f"    {line}" for line in body), "}"]


def _block(head: str, lines: Iterable[str]) -> str:
    return "\n".join([f"{head} {{", *(f"    {line}" for line in lines), "}"])
