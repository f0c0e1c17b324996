"""The defaults the library and the command line share, defined once. This module imports
nothing, so `attribution --help` shows them without loading spaCy."""

DEFAULT_MAX_CHARS = 1_000_000
"""The longest article analysed, in characters (`--max-chars`): spaCy's own default
`nlp.max_length`, and 30 times PolNeAR's longest article. A longer text is an error record
before anything is parsed. Time and memory grow with the text: 500,000 characters took 36 s
and 470 MB in one process, 4.9 million was unfinished after ten minutes at 3.3 GB
(docs/experiments.md, branch `user15`)."""

DEFAULT_BATCH_SIZE = 16
"""Articles per `nlp.pipe` batch (`--batch-size`)."""

DEFAULT_BATCH_CHARS = 20_000
"""Characters per `nlp.pipe` batch (`--batch-chars`): a batch closes at `--batch-size`
articles or at this many characters, whichever comes first, so a long article never rides
with 15 others (a parse's peak memory grows with the text it holds at once). 20,000 (was
30,000) took a Dask worker's peak on 1,000 PolNeAR articles from 369 to 343 MB at no CPU
cost; output does not depend on it."""

DEFAULT_CHUNK_CHARS = 20_000
"""Characters per parse of one article (`--chunk-chars`): a longer article is cut at
paragraph ends into chunks of at most this many characters, each parsed alone and joined
back into one Doc, so its parse's peak memory is a chunk's, not the whole text's. At
20,000 the longest PolNeAR article (33,672 characters) peaks at 233 MB in one process
instead of 281, PolNeAR dev's output is unchanged, and the 35 train articles over
10,000 characters score the same (docs/experiments.md, branch `mem8`); at 15,000 dev's
output changes."""

DEFAULT_PARTITION_SIZE = 200
"""Articles per Dask partition (`--partition-size`)."""

DEFAULT_ARTICLE_TIMEOUT = 300.0
"""Seconds one article may take per 100,000 characters before it becomes an error record
(`--article-timeout`; 0 turns the budget off)."""
