"""What an entry of a cache costs the process, in bytes: the measure of the caches' budgets.

A budget that counted only the bodies kept would let thousands of small answers cost many times
their bodies (each has its key, headers, compressed forms and Python objects around them):
`footprint` counts them all.
"""

from __future__ import annotations

import sys

import attrs


#: What an entry costs a cache beyond its key and value: its slot in the dict (an ordered dict
#: links it too), with the room a dict keeps free to grow, measured with tracemalloc.
SLOT = 200
# CPython's small-object allocator hands out blocks in steps of 16 bytes; a larger object comes
# from malloc, which adds a header of its own.
_STEP = 16
_SMALL = 512


def footprint(*objects: object) -> int:
    """Count the bytes *objects* hold in memory: each, and all they hold, once each.

    Containers (tuples, lists, dicts) and attrs instances are followed (no other kind is: caches
    hold none); every object is counted by `sys.getsizeof`, rounded up as the allocator rounds
    it. Objects shared with others (a header's name, `None`) are counted too: the figure errs
    high, never low.
    """
    seen: set[int] = set()
    total = 0
    pending = list(objects)
    while pending:
        item = pending.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        total += _allocated(sys.getsizeof(item))
        if type(item) in _LEAVES:
            continue
        if isinstance(item, dict):
            # Keys and values, not `items()`, whose pairs are made on the spot.
            pending.extend(item)  # pyright: ignore[reportUnknownArgumentType]
            pending.extend(item.values())  # pyright: ignore[reportUnknownArgumentType, reportUnknownMemberType]
        elif isinstance(item, tuple | list):
            pending.extend(item)  # pyright: ignore[reportUnknownArgumentType]
        elif attrs.has(kind := type(item)):
            pending.extend(getattr(item, field.name) for field in attrs.fields(kind))
    return total


#: What holds no other object (the usual contents of a cache, looked at first).
_LEAVES = frozenset({bytes, str, int, type(None)})


def _allocated(size: int) -> int:
    """Give the bytes the allocator sets aside for an object of *size* bytes."""
    rounded = -(-size // _STEP) * _STEP
    return rounded if size <= _SMALL else rounded + _STEP
