# letters — see README.md. `make run` ingests the sample letters and serves
# the chat; `make test` sets up everything it needs and runs every test.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
GO    ?= go
BIN   := bin/letters
ADDR  ?= :8080

# Eval gate on the dev set with the offline default (extractive answerer,
# hash embedder). These floors are what the project reaches today: raise them
# as quality improves, never lower them silently.
EVAL_FLOORS := --min-retrieval-recall-at-k 0.75 --min-mrr 0.78 --min-citation-precision 0.48 \
               --min-citation-recall 0.58 --min-supported-rate 1.0 --min-refusal-accuracy 0.95 --min-answer-f1 0.31

.PHONY: build db run test unit eval-gate vet fmt clean fuzz bench bench-smoke

build:
	$(GO) build -o $(BIN) ./cmd/letters

# Postgres + pgvector; the last line printed is DATABASE_URL=<url>.
db:
	@scripts/db.sh letters

run: build
	@url=$$(scripts/db.sh letters | tail -n 1); export DATABASE_URL=$${url#DATABASE_URL=}; \
	scripts/deps.sh || true; \
	$(BIN) ingest letters/ --prune; \
	echo "letters: open http://localhost$(ADDR) (Ctrl-C stops)"; \
	$(BIN) serve --addr $(ADDR)

test: build vet unit eval-gate bench-smoke

vet:
	$(GO) vet ./...
	$(GO) mod tidy -diff
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))" || { echo "gofmt needed:"; gofmt -l .; exit 1; }

unit:
	@scripts/deps.sh
	@url=$$(scripts/db.sh letters_test | tail -n 1); export TEST_DATABASE_URL=$${url#DATABASE_URL=}; \
	$(GO) test -count=1 ./...

eval-gate: build
	@url=$$(scripts/db.sh letters_eval | tail -n 1); export DATABASE_URL=$${url#DATABASE_URL=}; \
	$(BIN) ingest letters/ --prune > /dev/null; \
	$(BIN) eval --set evals/dev.jsonl --report reports/dev $(EVAL_FLOORS)

fmt:
	gofmt -w $$(git ls-files '*.go')

clean:
	rm -rf bin reports

# Fuzz each target for FUZZTIME (not part of `make test`; the seed corpora
# under testdata/fuzz run as ordinary tests there).
FUZZTIME ?= 60s
fuzz:
	$(GO) test ./ingest -run '^$$' -fuzz '^FuzzSegment$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 10s
	$(GO) test ./rag -run '^$$' -fuzz '^FuzzMarkerStream$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 10s
	$(GO) test ./rag -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 10s
	$(GO) test ./evals -run '^$$' -fuzz '^FuzzRead$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 10s

# Benchmarks (not part of `make test`): synthetic corpora of BENCH_DOCS
# letters, ingest, retrieval, HTTP load and a mixed soak; writes BENCHMARKS.md
# with the Go micro-benchmarks appended. They run on the private cluster
# (.pgdata, 127.0.0.1:55432), configured as pgvector advises, so that the
# figures do not depend on how this machine's own server is set up.
BENCH_DOCS ?= 1000,20000
bench: build
	@url=$$(LETTERS_PG=private scripts/db.sh letters | tail -n 1); export DATABASE_URL=$${url#DATABASE_URL=}; \
	$(BIN) bench --docs $(BENCH_DOCS) --out BENCHMARKS.md --workdir $${TMPDIR:-/tmp}
	@printf '\n## Go micro-benchmarks (hot paths)\n\n`go test -run ^$$ -bench . -benchmem ./hashembed ./ingest ./rag`\n\n```\n' >> BENCHMARKS.md
	$(GO) test -run '^$$' -bench . -benchmem ./hashembed ./ingest ./rag | grep -E '^(Benchmark|goos|goarch|cpu)' >> BENCHMARKS.md
	@printf '```\n' >> BENCHMARKS.md

# The same code paths at N = 200 with short durations, so they keep working.
bench-smoke: build
	@url=$$(scripts/db.sh letters | tail -n 1); export DATABASE_URL=$${url#DATABASE_URL=}; \
	$(BIN) bench --docs 200 --quick --out reports/bench-smoke.md --workdir $${TMPDIR:-/tmp} --log-level warn && \
	grep -A12 '^## Targets' reports/bench-smoke.md
