"""What an ingest worker needs loaded before it parses: imported once by the forkserver of the ingest pool.

The pool forks its workers from a forkserver (a clean single-threaded process), never from the caller,
which may be the threaded Streamlit server where fork() can copy a held lock. Importing this module in
the forkserver loads the parsers and builds the BM25 tokenizer once, so every worker forked from it
starts warm instead of spending a second on its own tokenizer.
"""

from __future__ import annotations

import ingest.chunk
import ingest.parse
from vectorstore.tokenize import tokenize_many

tokenize_many(["预热"])
