"""``python -m picum``: the ``picum`` command."""

from .cli import run


run()
