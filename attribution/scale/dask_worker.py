"""The Analyzer a Dask worker keeps for a run, built once as the worker joins the run.

`AnalyzerPlugin` is a worker plugin: the client registers it at the start of a run, and
every worker, including one that joins later, builds the run's `Analyzer` (spaCy
pipeline, rules and models) in `setup`, before its first partition, then drops it when
the run ends. Partitions only look it up. This module imports dask, so the engine
imports it only once it knows dask is installed.
"""

from __future__ import annotations

import threading
from typing import Any

from distributed import WorkerPlugin

from attribution.analyzer import Analyzer

_analyzers: dict[str, Analyzer] = {}
_lock = threading.Lock()


class AnalyzerPlugin(WorkerPlugin):
    """Builds, on each worker, the Analyzer of the run named `token` from the client's
    `Analyzer.config`, and drops it at teardown (the run's end)."""

    def __init__(self, config: dict[str, Any], token: str) -> None:
        self.config, self.token = config, token
        self.name = f"attribution-analyzer-{token[:16]}"

    def setup(self, worker: Any) -> None:
        analyzer_for(self.config, self.token)

    def teardown(self, worker: Any) -> None:
        with _lock:
            _analyzers.pop(self.token, None)


def analyzer_for(config: dict[str, Any], token: str) -> Analyzer:
    """This process's Analyzer for the run named `token`: the one the plugin built, or,
    in a process the plugin did not reach, one built now from `config`."""
    with _lock:
        if token not in _analyzers:
            _analyzers[token] = Analyzer(**config)
        return _analyzers[token]


def built() -> tuple[str, ...]:
    """The runs this process holds an Analyzer for (their tokens)."""
    with _lock:
        return tuple(_analyzers)
