# The two commands: `make dev` brings up the whole stack, `make test` runs the whole suite.
# Each installs what is missing first (npm packages, pinned tools in .tools/).
SHELL := /bin/bash
.DEFAULT_GOAL := help

NODE_STAMP := node_modules/.install-stamp

.PHONY: help dev test install tools lint typecheck jest hostile-webhook

help:
	@echo "make dev   - install what is missing, then run Temporal dev server, database, emulators, worker and API"
	@echo "make test  - install what is missing, then typecheck, lint and run the whole jest suite"

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: $(NODE_STAMP)

tools:
	bash scripts/install-tools.sh

dev: install
	bash scripts/install-tools.sh temporal
	npx tsx scripts/dev.ts

# Not a test: 10,000 hostile requests at a running stack's HR webhook (default the `make dev` API); see README.
hostile-webhook: install
	URL="$(URL)" npx tsx bench/hostile-webhook.ts

typecheck: install
	npx tsc -p tsconfig.json --noEmit

lint: install
	npx eslint .

# After jest, every log line the harnesses wrote is scanned for the secrets they configured
# (test/support/log-capture.ts); the logs of an earlier run are cleared first.
jest: install tools
	@mkdir -p .data
	rm -rf .data/test-logs
	@status=0; npx jest --ci --json --outputFile=.data/jest-results.json || status=$$?; \
	node -e "const r=require('./.data/jest-results.json'); console.log('jest: ' + r.numPassedTests + ' passed, ' + r.numFailedTests + ' failed')" || status=1; \
	npx tsx scripts/scan-test-logs.ts || status=1; \
	exit $$status

test: install tools typecheck lint jest

# Benchmarks: each starts its own stack (dev server, PostgreSQL, emulators, worker, API) and prints figures.
.PHONY: bench-leaver-latency bench-webhook-intake
bench-leaver-latency: install
	bash scripts/install-tools.sh temporal postgres
	npx tsx bench/leaver-latency.ts $(ARGS)

bench-webhook-intake: install
	bash scripts/install-tools.sh temporal postgres
	npx tsx bench/webhook-intake.ts $(ARGS)

.PHONY: bench-throughput
bench-throughput: install
	bash scripts/install-tools.sh temporal postgres
	npx tsx bench/throughput.ts $(ARGS)

.PHONY: bench-idle-cases
bench-idle-cases: install
	bash scripts/install-tools.sh temporal postgres
	npx tsx bench/idle-cases.ts $(ARGS)
