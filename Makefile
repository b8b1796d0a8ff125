# bizenv-warehouse — see README.md. Every target installs what it needs.
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
CORPUS ?= ../shared/corpus
DB     ?= warehouse/bizenv.duckdb
GOLD   ?= ../shared/gold/dev
export BIZENV_DB := $(abspath $(DB))

.PHONY: install browser demo test docs bench eval clean

$(BIN)/bizenv: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/bizenv

## Debian's Chromium for the report's browser tests (Playwright drives it; it downloads no browser).
## A CJK font too, or the report's screenshots show boxes for every Chinese character.
browser:
	@{ command -v chromium >/dev/null 2>&1 && fc-list :lang=zh 2>/dev/null | grep -q .; } || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-zenhei >/dev/null; \
	  else echo "chromium or a CJK font is missing: sudo apt-get install chromium fonts-wqy-zenhei" >&2; exit 1; fi; }

## Build the warehouse from the reference corpus and print a comparison.
demo: install
	$(BIN)/bizenv build --corpus $(CORPUS)
	$(BIN)/bizenv query --live "select region_name, target_year, target_value, canonical_unit, comparator, region_rank \
	  from marts.mart_region_comparison where indicator_code = 'start_business_time' order by target_year, region_rank"
	$(BIN)/bizenv export measures --format csv --output out/measures.csv
	$(BIN)/bizenv report --output out/report
	@echo "report: out/report/index.html   measures: out/measures.csv"

## The whole suite: a fresh warehouse through dbt build (models + tests + unit tests), then pytest.
test: install browser
	rm -rf warehouse/test && $(BIN)/bizenv --db warehouse/test/bizenv.duckdb build --corpus $(CORPUS) --wait 600
	$(BIN)/pytest

eval: install
	$(BIN)/bizenv eval --gold $(GOLD) --errors 20

docs: install
	BIZENV_DB=$(BIZENV_DB) $(BIN)/dbt docs generate --project-dir . --profiles-dir . --target-path warehouse/dbt_docs
	BIZENV_DB=$(BIZENV_DB) $(BIN)/dbt docs serve --project-dir . --profiles-dir . --target-path warehouse/dbt_docs --port 8080

bench: install
	$(BIN)/python scripts/bench.py

## The build's scratch only: dbt's target and logs, test warehouses, exports. Never a warehouse file.
clean:
	rm -rf out target logs warehouse/dbt_target warehouse/dbt_docs warehouse/test
