"""Memory as documented: what the caches count is what the process pays.

These compare what each cache counts with what tracemalloc sees the process allocate for the
same entries. (`tests.bench.memory_storm`, in `nox -s load`, holds a real worker to the budgets.)
"""

from __future__ import annotations

import asyncio
import collections
import gc
import sys
import tracemalloc
from typing import TYPE_CHECKING

from picum_api._app import create_app
from picum_api._http import negotiate, none_match
from picum_api._memory import footprint
from picum_api._representations import Representations

from .fast_path import fast_path_of


if TYPE_CHECKING:
    from collections.abc import Iterator

    from picum import Organisation


SOURCES = "/v2/sources"


def _allocated_by(make: Iterator[object]) -> int:
    """The bytes tracemalloc sees still held once everything *make* yields has been made."""
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        collections.deque(make, maxlen=0)
        gc.collect()
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    return after - before


def test_the_pages_kept_count_what_they_cost(profile: Organisation) -> None:
    """What `Representations` counts its kept pages to cost is no less than what the process allocates.

    Small pages (beyond the end of a list) cost far more than their bodies: their headers,
    compressed forms and objects are counted too.
    """
    representations = Representations(profile)
    counted_before = representations.kept[1]

    allocated = _allocated_by(
        representations.page(SOURCES, offset, 1) for offset in range(100, 1100)
    )

    counted = representations.kept[1] - counted_before
    assert (True, 1000) == (allocated <= counted, representations.kept[0])


async def _ignore(_: object) -> None:
    """Take an ASGI message, and do nothing with it."""


async def _nothing() -> object:  # pragma: no cover - GET is answered without its body
    return {"type": "http.request", "body": b"", "more_body": False}


def test_the_answers_remembered_count_what_they_cost(profile: Organisation) -> None:
    """The fast path's count of what its answers cost is no less than what the process allocates.

    Each Accept header makes a new answer to remember, for the same small body (the answers'
    headers cost more than it).
    """
    fast_path = fast_path_of(create_app(profile))
    counted_before = fast_path.cached[1]

    def answers() -> Iterator[object]:
        for quality in range(1, 1000):
            accept = f"*/*;q=0.{quality:03d}".encode()
            scope = {
                "type": "http",
                "http_version": "1.1",
                "method": "GET",
                "path": "/health",
                "query_string": b"",
                "headers": [(b"host", b"127.0.0.1"), (b"accept", accept)],
            }
            yield asyncio.run(fast_path(scope, _nothing, _ignore))  # type: ignore[arg-type]

    allocated = _allocated_by(answers())

    counted = fast_path.cached[1] - counted_before
    assert (True, 999) == (allocated <= counted, fast_path.cached[0])


def test_long_headers_are_read_but_not_remembered() -> None:
    """Reading 500 distinct long Accept and If-None-Match headers leaves no copy of them held.

    The readings of short ones are remembered (clients repeat them), within 1,024 of each kind.
    """
    filler = "a" * 8000

    def readings() -> Iterator[object]:
        for number in range(500):
            yield negotiate(f"application/json;q=0.5, text/{filler}{number}", ("application/json",))
            yield none_match(f'"{filler}{number}"', '"x"')

    allocated = _allocated_by(readings())

    assert allocated < 500 * 8000 // 10


def test_footprint_counts_what_is_shared_once() -> None:
    """An object held twice is counted once; containers count what they hold."""
    body = b"x" * 1000
    alone = footprint(body)

    assert (alone, True) == (footprint(body, body), footprint((body,)) > alone > 1000)


def test_footprint_counts_other_objects_by_their_own_size() -> None:
    """An object neither text, bytes, container nor attrs instance counts its own size, rounded."""
    assert (24, 32) == (sys.getsizeof(1.5), footprint(1.5))
