"""attribution: finds every quotation in a news article and who said it.

`Analyzer` loads spaCy, so it is imported on first use: the data model, the readers and
writers, and the reports work without loading it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from attribution.schema import (
    Article,
    Attribution,
    Document,
    Evidence,
    Mention,
    Quote,
    Span,
    article_to_dict,
)
from attribution.version import __version__

if TYPE_CHECKING:
    from attribution.analyzer import Analyzer

__all__ = [
    "Analyzer",
    "Article",
    "Attribution",
    "Document",
    "Evidence",
    "Mention",
    "Quote",
    "Span",
    "__version__",
    "article_to_dict",
]


def __getattr__(name: str) -> Any:
    if name == "Analyzer":
        from attribution.analyzer import Analyzer

        return Analyzer
    raise AttributeError(f"module 'attribution' has no attribute {name!r}")
