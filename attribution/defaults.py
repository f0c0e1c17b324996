"""The defaults the library and the command line share, defined once. This module imports
nothing, so `attribution --help` shows them without loading spaCy."""

DEFAULT_MAX_CHARS = 5_000_000
"""The longest article analysed, in characters (`--max-chars`)."""

DEFAULT_BATCH_SIZE = 16
"""Articles per `nlp.pipe` batch (`--batch-size`)."""

DEFAULT_PARTITION_SIZE = 200
"""Articles per Dask partition (`--partition-size`)."""

DEFAULT_ARTICLE_TIMEOUT = 300.0
"""Seconds one article may take per 100,000 characters before it becomes an error record
(`--article-timeout`; 0 turns the budget off)."""
