"""Import spaCy without its command line, which analysing never uses.

`import spacy` runs `from .cli.info import info`, and `spacy.cli` imports every spaCy
command with what they need (typer, weasel, requests, httpx, jinja2...): about 0.16 s
of a cold start of 1.1 s (`benchmarks/startup.py`), for commands this program never
runs. `defer_spacy_cli()` puts stand-ins for `spacy.cli` and `spacy.cli.info` in
`sys.modules` before spaCy is imported. They hold nothing: the first attribute read from
either (`spacy.info`, `from spacy.cli import download`) drops both stand-ins and imports
the real modules, so whatever needs spaCy's command line still gets it, only later.

Only the command line and the worker processes call it, first thing: a program that
imports `attribution` as a library keeps spaCy's import as it is. It does nothing once
spaCy is imported. Known limit: until the real module is loaded, `spacy.cli` is not an
attribute of the `spacy` package (the stand-in is reached through `sys.modules`, by
`import spacy.cli` or `from spacy.cli import ...`, or through `spacy.info`); nothing in
spaCy 3.8 or in this program reads it so.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

DEFERRED = ("spacy.cli.info", "spacy.cli")


class _StandIn(types.ModuleType):
    """A module of spaCy's command line not imported yet; the first attribute read
    imports it."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(load_real(self.__name__), name)


def load_real(name: str) -> types.ModuleType:
    """Drop the stand-ins and import the real module `name` (`spacy.cli` or
    `spacy.cli.info`)."""
    for module in DEFERRED:
        if isinstance(sys.modules.get(module), _StandIn):
            del sys.modules[module]
    return importlib.import_module(name)


def _info(*args: Any, **kwargs: Any) -> Any:
    """`spacy.info`, imported when first called."""
    return load_real("spacy.cli.info").info(*args, **kwargs)


def defer_spacy_cli() -> bool:
    """Put the stand-ins in place if spaCy is not imported yet; whether it did."""
    if "spacy" in sys.modules or any(m in sys.modules for m in DEFERRED):
        return False
    info = _StandIn("spacy.cli.info")
    info.info = _info  # type: ignore[attr-defined]
    sys.modules["spacy.cli"] = _StandIn("spacy.cli")
    sys.modules["spacy.cli.info"] = info
    return True


def is_deferred(name: str = "spacy.cli") -> bool:
    """Whether `name` is still a stand-in (for tests and benchmarks)."""
    return isinstance(sys.modules.get(name), _StandIn)
