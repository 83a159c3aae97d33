# rongxin's front door. `make run` and `make test` work on a fresh Debian 12 machine.
.PHONY: all deps build web run test test-unit test-asan test-api test-e2e bench format clean

BUILD     ?= build
ASAN      ?= build-asan
DB        ?= sqlite:var/rongxin.db
PORT      ?= 8080
JOBS      ?= $(shell nproc)
LAUNCHER  := $(if $(shell command -v ccache),-DCMAKE_CXX_COMPILER_LAUNCHER=ccache,)

all: build

deps:
	@scripts/install-deps.sh

$(BUILD)/build.ninja: CMakeLists.txt
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release -DRX_WERROR=ON $(LAUNCHER) >/dev/null

build: deps $(BUILD)/build.ninja web
	@cmake --build $(BUILD) -j $(JOBS)

# The portal is rebuilt when any of its sources changed.
web/dist/index.html: $(shell find web/src web/index.html web/package-lock.json web/vite.config.ts -type f 2>/dev/null)
	@cd web && npm run --silent build >/dev/null
web: deps web/dist/index.html

run: build
	@mkdir -p var
	@if [ "$(DB)" = "sqlite:var/rongxin.db" ] && [ ! -f var/rongxin.db ]; then \
	  scripts/demo-data.sh $(BUILD) $(DB) 3000 || { rm -f var/rongxin.db*; exit 1; }; fi
	@key=$$($(BUILD)/rongxin keys create --db $(DB) --role admin --label "make run" 2>/dev/null) && \
	  echo "" && echo "  Admin API key (shown once): $$key" && \
	  echo "  Portal and API:              http://127.0.0.1:$(PORT)/" && echo ""
	@exec $(BUILD)/rongxin serve --db $(DB) --port $(PORT) --web web/dist

# Every suite, with one throw-away PostgreSQL server for all of them.
test: build
	@scripts/with-postgres.sh scripts/run-tests.sh $(BUILD) $(ASAN)

# HTTP against nginx, ingestion against sqlite3 .import and psql \copy, the lab against
# scikit-learn, the city-scale batch evaluation, then the single export (authorized query and
# report against nginx on SQLite and on a PostgreSQL that flushes every commit; PDF on one core)
# then the marketplace's matching and "policy finds people" against SQLite (docs/benchmarks.md).
bench: build
	@scripts/bench-http.sh $(BUILD)
	@scripts/with-postgres.sh bench/ingest-bench.sh $(BUILD)
	@bench/lab-bench.sh $(BUILD)/rongxin
	@bench/evaluation-bench.sh $(BUILD)
	@RONGXIN_PG_DURABLE=1 scripts/with-postgres.sh bench/export-bench.sh $(BUILD)
	@$(BUILD)/bench/market_bench
	@$(BUILD)/bench/policy_bench

format:
	@find src tests bench -name '*.h' -o -name '*.cc' | xargs clang-format -i

clean:
	rm -rf $(BUILD) $(ASAN) web/dist
