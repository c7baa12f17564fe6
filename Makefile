# kg — the two commands of the README are `make run` and `make test`.
#
# Neo4j: without KG_NEO4J_URI, `make run` uses the local server of
# scripts/neo4j in .neo4j (Bolt 7687), and `make test` one of its own in
# .neo4j-test (Bolt 7688), because the tests wipe the database they use: your
# data stays yours. With KG_NEO4J_URI set, both use that server and start none.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
GO ?= go
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
BIN := bin/kg
TEST_BOLT_PORT ?= 7688
TEST_HTTP_PORT ?= 7475
TEST_NEO4J := NEO4J_DIR=.neo4j-test NEO4J_BOLT_PORT=$(TEST_BOLT_PORT) NEO4J_HTTP_PORT=$(TEST_HTTP_PORT)

ifeq ($(origin KG_NEO4J_URI),undefined)
LOCAL_NEO4J := 1
RUN_URI := bolt://127.0.0.1:$(or $(NEO4J_BOLT_PORT),7687)
TEST_URI := bolt://127.0.0.1:$(TEST_BOLT_PORT)
else
RUN_URI := $(KG_NEO4J_URI)
TEST_URI := $(KG_NEO4J_URI)
endif
run neo4j: export KG_NEO4J_URI = $(RUN_URI)
test test-go test-browser neo4j-test: export KG_NEO4J_URI = $(TEST_URI)

.PHONY: run test test-go test-browser lint build neo4j neo4j-test neo4j-stop clean

build:
	$(GO) build -o $(BIN) ./cmd/kg

neo4j:
ifdef LOCAL_NEO4J
	scripts/neo4j start
else
	@echo "using the Neo4j at $$KG_NEO4J_URI"
endif

neo4j-test:
ifdef LOCAL_NEO4J
	$(TEST_NEO4J) scripts/neo4j start
else
	@echo "testing against the Neo4j at $$KG_NEO4J_URI (the tests wipe it)"
endif

# The main job: the sample article in the graph, then the explorer, the
# GraphQL server and GraphiQL on http.addr (127.0.0.1:8080) until Ctrl-C.
run: neo4j build
	$(BIN) schema apply
	$(BIN) ingest examples/
	$(BIN) stats
	@echo "Explorer: http://$${KG_HTTP_ADDR:-127.0.0.1:8080}/   GraphQL: http://$${KG_HTTP_ADDR:-127.0.0.1:8080}/graphql   GraphiQL: http://$${KG_HTTP_ADDR:-127.0.0.1:8080}/graphiql/"
	$(BIN) serve

test: neo4j-test
	$(MAKE) test-go
	$(MAKE) test-browser

test-go:
	$(GO) vet ./...
	$(GO) test -race -count=1 ./...

# GraphiQL in headless Chromium against a real kg serve.
test-browser: build
	scripts/test-browser

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...

neo4j-stop:
	scripts/neo4j stop
	$(TEST_NEO4J) scripts/neo4j stop

clean:
	rm -rf bin
