"""What an ingest worker needs loaded before it parses: imported once by the forkserver of the ingest pool.

The pool forks its workers from a forkserver (a clean single-threaded process), never from the caller,
which may be the threaded Streamlit server where fork() can copy a held lock. Importing this module in
the forkserver does once what every worker would otherwise do on its first report (about 0.3 s each, on
both cores at once): the parsers and the pool's job module imported (not the database layer, which
workers never use: SQLAlchemy alone was ~0.2 s of the start), the BM25 tokenizer built, the
gazetteer and the shared build of the static model loaded (its 50 MB table then shared by the workers).

Tokenizers' own threads are turned off here, before anything tokenizes: one worker per core is all the
parallelism there is room for, and with ``TOKENIZERS_PARALLELISM=true`` in the caller's environment the
thread pool the preload started would be copied into each forked worker without its threads, and the
worker's first batch would wait for them forever (tested).
"""

from __future__ import annotations

import contextlib
import gc
import os

os.environ["TOKENIZERS_PARALLELISM"] = "false"  # before the first batch below

import assistant.library.ingest_job  # noqa: F401  (the pool's job function: unpickling it imports this module)
import ingest.chunk
import ingest.parse  # noqa: F401
from assistant.core.gazetteer import gazetteer
from vectorstore.embeddings import warm_default_static
from vectorstore.tokenize import tokenize_many

tokenize_many(["预热"])
gazetteer()
# The forkserver only survives ImportError in a preload module: anything else would stop every ingest.
with contextlib.suppress(Exception):
    warm_default_static()

# All of the above lives as long as the workers: frozen (~37,000 objects: modules, classes, the parsers' tables),
# a worker's full collections no longer walk it (0.11 → 0.04 s per 500 reports), and the pages holding it
# stay shared with this process.
gc.collect()
gc.freeze()
