# Cronica: the everyday commands. CI runs `make lint` and `make test` (see .ci/run).

GO       ?= go
BIN      := bin/cronica
LOCAL_DB := postgres://postgres@127.0.0.1:5432/test?sslmode=disable

# Tests read CRONICA_TEST_DATABASE_URL; this is the default they assume.
export CRONICA_TEST_DATABASE_URL ?= $(LOCAL_DB)

.PHONY: run build web test lint bench clean

# run: build, seed the demo (idempotent: once seeded it records nothing and
# says so), then serve on the embedded set-up (the binary uses PostgreSQL at
# 127.0.0.1:5432 if it answers, else starts a private cluster of its own).
run: build
	./$(BIN) demo
	./$(BIN) serve

# build: the browser app (web/dist, embedded by go:embed), then the binary.
build: web
	$(GO) build -o $(BIN) ./cmd/cronica

# web: install the app's pinned npm dependencies (package-lock.json) and build it.
web:
	cd web && npm ci --no-audit --no-fund && npm run build

test:
	$(GO) vet ./...
	$(GO) test -count=1 -race -timeout 20m ./...

# lint: gofmt must list nothing, and go vet must pass.
lint:
	@files="$$(gofmt -l .)"; \
	if [ -n "$$files" ]; then echo "gofmt -w needed on:"; echo "$$files"; exit 1; fi
	$(GO) vet ./...

# bench: append throughput against CRONICA_DATABASE_URL (default: the local test database).
bench: build
	CRONICA_DATABASE_URL="$${CRONICA_DATABASE_URL:-$(LOCAL_DB)}" ./$(BIN) bench append

clean:
	rm -rf bin
