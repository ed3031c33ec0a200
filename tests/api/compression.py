"""Reading compressed bodies back, by their content coding."""

from __future__ import annotations

import gzip
from collections.abc import Callable

import brotli


#: How to decompress a body, by the content coding its answer names.
DECOMPRESS: dict[str, Callable[[bytes], bytes]] = {
    "br": brotli.decompress,  # pyright: ignore[reportUnknownMemberType]
    "gzip": gzip.decompress,
}
