# kg — the two commands of the README are `make run` and `make test`.
# Neo4j: the local server of scripts/neo4j, unless KG_NEO4J_URI names another.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
GO ?= go
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
BIN := bin/kg

# Without KG_NEO4J_URI, kg and the tests use the local server, on the Bolt
# port scripts/neo4j listens on. KG_NEO4J_PASSWORD is read by both as it is.
ifeq ($(origin KG_NEO4J_URI),undefined)
LOCAL_NEO4J := 1
export KG_NEO4J_URI := bolt://127.0.0.1:$(or $(NEO4J_BOLT_PORT),7687)
endif

.PHONY: run test test-go test-browser lint build neo4j neo4j-stop clean

build:
	$(GO) build -o $(BIN) ./cmd/kg

# Local Neo4j unless the user points kg at their own.
neo4j:
ifdef LOCAL_NEO4J
	scripts/neo4j start
else
	@echo "using the Neo4j at $$KG_NEO4J_URI"
endif

# The main job: the sample article in the graph, then the GraphQL server and
# GraphiQL on http.addr (127.0.0.1:8080) until Ctrl-C.
run: neo4j build
	$(BIN) schema apply
	$(BIN) ingest examples/
	$(BIN) stats
	@echo "GraphQL: http://$${KG_HTTP_ADDR:-127.0.0.1:8080}/graphql   GraphiQL: http://$${KG_HTTP_ADDR:-127.0.0.1:8080}/graphiql/"
	$(BIN) serve

test: neo4j
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

clean:
	rm -rf bin
