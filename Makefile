# letters — see README.md. `make run` ingests the sample letters and serves
# the chat; `make test` sets up everything it needs and runs every test.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
GO    ?= go
BIN   := bin/letters
BENCH := bin/letters-bench
ADDR  ?= :8080

# Eval sets (evals/README.md): dev is for tuning; test was written blind,
# about invented councils and the samples, and is never read question by
# question while tuning. Both run over the samples plus evals/corpus/. The
# floors are what the project reaches today with the offline default
# (extractive answerer, hash embedder): raise them as quality improves,
# never lower them silently.
EVAL_CORPUS := letters/ evals/corpus/
DEV_FLOORS  := --min-retrieval-recall-at-k 0.766 --min-mrr 0.740 --min-citation-precision 0.542 --min-citation-precision-sentence 0.472 \
               --min-citation-recall 0.502 --min-citation-recall-paragraph 0.623 --min-refusal-balanced-accuracy 0.938 --min-answer-f1 0.330
TEST_FLOORS := --min-retrieval-recall-at-k 0.729 --min-mrr 0.689 --min-citation-precision 0.499 --min-citation-precision-sentence 0.466 \
               --min-citation-recall 0.500 --min-citation-recall-paragraph 0.630 --min-refusal-balanced-accuracy 0.823 --min-answer-f1 0.326
# Genre (evals/genre.jsonl): questions over documents in layouts nobody
# tuned the parser on (evals/genre/, written blind by helpers from the
# genre alone), ingested beside the samples and evals/corpus/ in their own
# database. answer_f1 is not gated: these items carry no reference answer.
GENRE_CORPUS := letters/ evals/corpus/ evals/genre/
GENRE_FLOORS := --min-retrieval-recall-at-k 0.828 --min-mrr 0.743 --min-citation-precision 0.546 --min-citation-precision-sentence 0.464 \
                --min-citation-recall 0.641 --min-citation-recall-paragraph 0.684 --min-refusal-balanced-accuracy 0.831
# Dev2 (evals/dev2.jsonl): 70 questions over ten documents about four more
# invented councils (evals/dev2/), written blind on 2026-11-28 by a helper
# that saw neither the code nor the other sets, then used for tuning like
# dev (its own database: the samples, evals/corpus/ and evals/dev2/).
DEV2_CORPUS := letters/ evals/corpus/ evals/dev2/
DEV2_FLOORS := --min-retrieval-recall-at-k 0.871 --min-mrr 0.675 --min-citation-precision 0.539 --min-citation-precision-sentence 0.441 \
               --min-citation-recall 0.568 --min-citation-recall-paragraph 0.669 --min-refusal-balanced-accuracy 0.959 --min-answer-f1 0.307
# Dev3 (evals/dev3.jsonl): 70 questions over ten documents about three more
# invented councils (Ambleton City, Ambletonshire, Corlington; evals/dev3/),
# written blind in session 14 by a helper that saw neither the code nor the
# other sets, then used for tuning like dev (its own database).
DEV3_CORPUS := letters/ evals/corpus/ evals/dev3/
DEV3_FLOORS := --min-retrieval-recall-at-k 0.773 --min-mrr 0.694 --min-citation-precision 0.467 --min-citation-precision-sentence 0.384 \
               --min-citation-recall 0.538 --min-citation-recall-paragraph 0.588 --min-refusal-balanced-accuracy 0.924 --min-answer-f1 0.405
# Dev4 (evals/dev4.jsonl): 70 questions over ten documents about Tarrowcester
# City, Tarrowshire and Greavesley (evals/dev4/: a JTAI letter, a press
# release, a performance report), written blind in session 14 like dev3.
DEV4_CORPUS := letters/ evals/corpus/ evals/dev4/
DEV4_FLOORS := --min-retrieval-recall-at-k 0.814 --min-mrr 0.687 --min-citation-precision 0.436 --min-citation-precision-sentence 0.349 \
               --min-citation-recall 0.489 --min-citation-recall-paragraph 0.610 --min-refusal-balanced-accuracy 0.870 --min-answer-f1 0.362
# Dev5 (evals/dev5.jsonl): 70 questions over ten documents about Brackenford
# City, Brackenshire and Skelbrook (evals/dev5/: a SEND area inspection
# letter, a news story naming the city by its bare name), written blind in
# session 15 like dev3.
DEV5_CORPUS := letters/ evals/corpus/ evals/dev5/
DEV5_FLOORS := --min-retrieval-recall-at-k 0.618 --min-mrr 0.620 --min-citation-precision 0.391 --min-citation-precision-sentence 0.356 \
               --min-citation-recall 0.410 --min-citation-recall-paragraph 0.486 --min-refusal-balanced-accuracy 0.906 --min-answer-f1 0.305
# At scale (samples + evals/corpus + 50 synthetic letters about other
# councils, both sets): the right letter must still be found. `make
# eval-scale` (300 letters) reports without floors unless SCALE_FLOORS is set.
# (Since session 14 the synthetic letters are to councils the samples are
# not about: before, some were "to" Nottingham City in its own sentences.)
SMOKE_FLOORS := --min-retrieval-recall-at-k 0.670 --min-mrr 0.634 --min-citation-precision 0.471 --min-citation-precision-sentence 0.420 \
                --min-citation-recall 0.457 --min-citation-recall-paragraph 0.564 --min-refusal-balanced-accuracy 0.795 --min-answer-f1 0.323
SCALE_FLOORS ?=
SCALE_DOCS ?= 300

.PHONY: build db run test unit eval-gate eval-scale eval-scale-smoke vet fmt clean fuzz bench bench-smoke

build:
	@echo "letters: building $(BIN) (the first build fetches modules and takes a few minutes)" >&2
	@$(GO) build -o $(BIN) ./cmd/letters
	@$(GO) build -o $(BENCH) ./cmd/letters-bench

# Postgres + pgvector; the last line printed is DATABASE_URL=<url>.
db:
	@scripts/db.sh letters

run: build
	@echo "letters: setting up PostgreSQL + pgvector (the first time installs and builds them)" >&2; \
	url=$$(scripts/db.sh letters | tail -n 1); export DATABASE_URL=$${url#DATABASE_URL=}; \
	echo "letters: checking pdftotext for PDF letters" >&2; \
	scripts/deps.sh || true; \
	echo "letters: ingesting the sample letters in letters/" >&2; \
	$(BIN) ingest letters/ --prune; \
	case "$(ADDR)" in :*) open=localhost$(ADDR);; *) open=$(ADDR);; esac; \
	echo "letters: open http://$$open (Ctrl-C stops)"; \
	$(BIN) serve --addr $(ADDR)

test: build vet unit eval-gate eval-scale-smoke bench-smoke

vet:
	$(GO) vet ./...
	$(GO) mod tidy -diff
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))" || { echo "gofmt needed:"; gofmt -l .; exit 1; }

unit:
	@scripts/deps.sh
	@url=$$(scripts/db.sh letters_test | tail -n 1); export TEST_DATABASE_URL=$${url#DATABASE_URL=}; \
	$(GO) test -count=1 ./...

eval-gate: build
	@( url=$$(LETTERS_DB_FRESH=1 scripts/db.sh letters_eval | tail -n 1); export DATABASE_URL=$${url#DATABASE_URL=}; \
	$(BIN) ingest $(EVAL_CORPUS) > /dev/null; \
	echo "== dev set"; $(BIN) eval --set evals/dev.jsonl --report reports/dev $(DEV_FLOORS); \
	echo "== test set"; $(BIN) eval --set evals/test.jsonl --report reports/test $(TEST_FLOORS) ); \
	( url=$$(LETTERS_DB_FRESH=1 scripts/db.sh letters_eval_genre | tail -n 1); export DATABASE_URL=$${url#DATABASE_URL=}; \
	$(BIN) ingest $(GENRE_CORPUS) > /dev/null; \
	echo "== genre set"; $(BIN) eval --set evals/genre.jsonl --report reports/genre $(GENRE_FLOORS) ); \
	( url=$$(LETTERS_DB_FRESH=1 scripts/db.sh letters_eval_dev2 | tail -n 1); export DATABASE_URL=$${url#DATABASE_URL=}; \
	$(BIN) ingest $(DEV2_CORPUS) > /dev/null; \
	echo "== dev2 set"; $(BIN) eval --set evals/dev2.jsonl --report reports/dev2 $(DEV2_FLOORS) ); \
	( url=$$(LETTERS_DB_FRESH=1 scripts/db.sh letters_eval_dev3 | tail -n 1); export DATABASE_URL=$${url#DATABASE_URL=}; \
	$(BIN) ingest $(DEV3_CORPUS) > /dev/null; \
	echo "== dev3 set"; $(BIN) eval --set evals/dev3.jsonl --report reports/dev3 $(DEV3_FLOORS) ); \
	( url=$$(LETTERS_DB_FRESH=1 scripts/db.sh letters_eval_dev4 | tail -n 1); export DATABASE_URL=$${url#DATABASE_URL=}; \
	$(BIN) ingest $(DEV4_CORPUS) > /dev/null; \
	echo "== dev4 set"; $(BIN) eval --set evals/dev4.jsonl --report reports/dev4 $(DEV4_FLOORS) ); \
	( url=$$(LETTERS_DB_FRESH=1 scripts/db.sh letters_eval_dev5 | tail -n 1); export DATABASE_URL=$${url#DATABASE_URL=}; \
	$(BIN) ingest $(DEV5_CORPUS) > /dev/null; \
	echo "== dev5 set"; $(BIN) eval --set evals/dev5.jsonl --report reports/dev5 $(DEV5_FLOORS) )

# Every set with SCALE_DOCS synthetic distractor letters ingested beside the
# samples and evals/corpus/ (its own database; the letters are written to
# reports/synth-N, the same paths each run, so re-ingesting replaces them;
# reports under reports/scale-*).
eval-scale: build
	@url=$$(LETTERS_DB_FRESH=1 scripts/db.sh letters_scale$(SCALE_DOCS) | tail -n 1); export DATABASE_URL=$${url#DATABASE_URL=}; \
	dir=reports/synth-$(SCALE_DOCS); rm -rf "$$dir"; mkdir -p "$$dir"; \
	$(BENCH) synth --docs $(SCALE_DOCS) --out "$$dir" > /dev/null; \
	$(BIN) ingest $(EVAL_CORPUS) "$$dir" > /dev/null; \
	echo "== dev set, $(SCALE_DOCS) synthetic letters beside"; $(BIN) eval --set evals/dev.jsonl --report reports/scale-dev $(SCALE_FLOORS); \
	echo "== test set, $(SCALE_DOCS) synthetic letters beside"; $(BIN) eval --set evals/test.jsonl --report reports/scale-test $(SCALE_FLOORS)

# The scale run at 50 synthetic letters, in `make test`.
eval-scale-smoke:
	@$(MAKE) --no-print-directory eval-scale SCALE_DOCS=50 SCALE_FLOORS="$(SMOKE_FLOORS)"

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
	$(GO) test ./internal/store -run '^$$' -fuzz '^FuzzFullTextQuery$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 10s
	$(GO) test ./evals -run '^$$' -fuzz '^FuzzRead$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 10s

# Benchmarks (not part of `make test`): synthetic corpora of BENCH_DOCS
# letters, ingest, retrieval, HTTP load and a mixed soak; writes BENCHMARKS.md
# with the Go micro-benchmarks appended. They run on the private cluster
# (.pgdata, 127.0.0.1:55432), configured as pgvector advises, so that the
# figures do not depend on how this machine's own server is set up.
BENCH_DOCS ?= 1000,20000
bench: build
	@url=$$(LETTERS_PG=private scripts/db.sh letters | tail -n 1); export DATABASE_URL=$${url#DATABASE_URL=}; \
	$(BENCH) --letters $(BIN) --docs $(BENCH_DOCS) --out BENCHMARKS.md --workdir $${TMPDIR:-/tmp}
	@printf '\n## Go micro-benchmarks (hot paths)\n\n`go test -run ^$$ -bench . -benchmem ./internal/hashembed ./ingest ./rag`\n\n```\n' >> BENCHMARKS.md
	$(GO) test -run '^$$' -bench . -benchmem ./internal/hashembed ./ingest ./rag | grep -E '^(Benchmark|goos|goarch|cpu)' >> BENCHMARKS.md
	@printf '```\n' >> BENCHMARKS.md

# The same code paths at N = 200 with short durations, so they keep working.
bench-smoke: build
	@url=$$(scripts/db.sh letters | tail -n 1); export DATABASE_URL=$${url#DATABASE_URL=}; \
	$(BENCH) --letters $(BIN) --docs 200 --quick --out reports/bench-smoke.md --workdir $${TMPDIR:-/tmp} --log-level warn && \
	grep -A12 '^## Targets' reports/bench-smoke.md
