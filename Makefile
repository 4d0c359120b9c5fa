# Two front doors for people: `make app` and `make test`. Everything they need is installed here.
PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False
# Settings of the app server (bind address, upload cap, error details) live in .streamlit/config.toml,
# which a plain `streamlit run app.py` reads too. Data: the per-user data directory (nianbao data show).
PORT ?= 8501

.PHONY: app test lint setup system-deps model library bench clean serve

app: setup model library
	@echo "== starting the app on port $(PORT) (Ctrl+C stops it)"
	$(BIN)/nianbao data show
	$(BIN)/streamlit run app.py --server.port $(PORT)

# A county server (deploy/部署说明.md): PostgreSQL and a Chroma server, named by NIANBAO_DATABASE_URL and
# NIANBAO_CHROMA_SERVER; listens on HOST:PORT (127.0.0.1 behind nginx). Accounts: nianbao users add.
# NIANBAO_ACCOUNTS=1: no report without a login, and no page but "create the first admin" before there is one.
HOST ?= 127.0.0.1
serve: setup model
	@test -n "$$NIANBAO_DATABASE_URL" || { echo "== set NIANBAO_DATABASE_URL, e.g. postgresql+psycopg://nianbao:PASSWORD@127.0.0.1:5432/nianbao (deploy/部署说明.md)"; exit 2; }
	@test -n "$$NIANBAO_CHROMA_SERVER" || echo "== NIANBAO_CHROMA_SERVER is not set: the library uses the data directory's local Chroma"
	$(BIN)/nianbao users list
	@echo "== starting the county server on $(HOST):$(PORT)"
	NIANBAO_ACCOUNTS=1 $(BIN)/streamlit run app.py --server.address $(HOST) --server.port $(PORT) --server.headless true

test: setup system-deps model lint
	@echo "== tests (the whole suite, slow ones included: several minutes)"
	$(BIN)/python -m pytest -q

# Lint and types over the project's own code (config in pyproject.toml).
lint: setup
	@echo "== ruff"
	$(BIN)/ruff check .
	@echo "== mypy"
	$(BIN)/mypy assistant ingest vectorstore app_pages cli.py app.py

setup: $(VENV)/.installed

$(BIN)/python:
	@echo "== creating the virtual environment $(VENV)"
	$(PY) -m venv $(VENV)

# torch first and pinned: an unpinned torch resolves to a multi-GB CUDA build.
$(VENV)/.installed: requirements.txt requirements-dev.txt requirements.lock pyproject.toml | $(BIN)/python
	@echo "== installing the pinned dependencies (a few minutes the first time)"
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -r requirements.txt -r requirements-dev.txt -c requirements.lock torch==2.13.0
	$(BIN)/pip install -q --no-deps -e .
	touch $@

# Debian packages for the browser test and Chinese glyphs in screenshots and exports, and PostgreSQL for
# the shared-server tests (tests/pg.py starts a throwaway cluster with initdb).
system-deps:
	@echo "== checking for chromium and Chinese fonts (fonts-wqy-microhei)"
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi wqy; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-wqy-microhei; \
	fi
	@echo "== checking for PostgreSQL (initdb), for the shared-server tests' throwaway cluster"
	@if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
		echo "== installing Debian postgresql (the tests start their own cluster; no service is enabled)"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq postgresql; \
	fi

# The embedded Chinese embedding model, built locally once (cached under ~/.cache/nianbao).
model: setup
	@echo "== the embedded Chinese embedding model (built offline once, 5-10 minutes with progress; skipped when built)"
	$(BIN)/nianbao models build

# The 示例 sample library, ingested into the store when it is empty.
library: setup model
	@echo "== the library: the sample reports are ingested when it is empty"
	$(BIN)/nianbao library init

# Figures recorded in bench/RESULTS.md (several minutes on 2 cores).
SCALE_HOME ?= /tmp/nianbao-bench-scale
bench: setup model
	@echo "== benchmarks (figures for bench/RESULTS.md; the 1M-chunk library alone takes ~15 min on a quiet 2-core box, over an hour on a loaded one)"
	$(BIN)/python -m bench.bench_cold --repeat 3
	$(BIN)/python -m bench.bench_app_draft --repeat 3
	$(BIN)/python bench/bench_embed.py
	$(BIN)/python -m bench.bench_ingest --n 1000 --repeat 3
	$(BIN)/python -m bench.bench_ingest --n 3000
	$(BIN)/python -m bench.bench_search
	$(BIN)/python -m bench.eval_retrieval
	$(BIN)/python -m bench.bench_check --n 1000
	$(BIN)/python -m bench.bad_input
	@echo "== the 1M-chunk library (kept in $(SCALE_HOME) for the searching-process and one-report-ingest figures)"
	rm -rf $(SCALE_HOME)
	$(BIN)/python -m bench.bench_scale --sizes 10000 100000 1000000 --paired 3 --paired-ingest 4 --home $(SCALE_HOME)
	$(BIN)/python -m bench.bench_scale --sizes --paired-ingest 4 --ingest-cli --home $(SCALE_HOME)
	$(BIN)/python -m bench.bench_scale --measure-only --home $(SCALE_HOME)
	$(BIN)/python -m bench.bench_small_ingests --home $(SCALE_HOME) --steps 12
	rm -rf $(SCALE_HOME)
	$(BIN)/nianbao library init && $(BIN)/python bench/bench_draft.py --n 100 --retrieval assistant.library.context:make_retrieve

clean:
	rm -rf $(VENV) .pytest_cache
