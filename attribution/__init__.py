"""attribution: finds every quotation in a news article and who said it."""

__version__ = "0.1.0"

from .pipeline import Analyzer, Document
from .schema import Article, Attribution, Evidence, Mention, Quote, Span, article_to_dict

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
