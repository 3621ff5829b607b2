# teleforge — every target installs what it needs first (see scripts/setup.sh).
SHELL := /bin/bash
NODE_MODULES := node_modules/.installed

.PHONY: run test lint golden bench build setup clean

## Set up, compile the default scenario (k8s-cluster, 30 days) into out/ and print its summary.
run: build
	node bin/teleforge.js compile k8s-cluster --workers 2
	node bin/teleforge.js inspect out/k8s-cluster

## Set up, lint, and run the whole test suite (node's test runner).
test: build lint
	node --test --test-concurrency=1 $$(find dist/test -name '*.test.js' | sort)

## Throughput and peak RSS of the workloads named in the issues; prints a table.
bench: build
	node dist/scripts/bench/bench.js

## After a change of output on purpose: rewrite the golden hashes of test/fixtures/*.yaml (test/fixtures/*.golden.json).
golden: build
	UPDATE_GOLDEN=1 node --test dist/test/run/golden.test.js

## ESLint (recommended rules and the folder boundaries of docs/architecture.md), then no import loops in src/.
lint: $(NODE_MODULES)
	npx eslint --max-warnings 0 --cache --cache-location node_modules/.cache/eslint/ .
	npx madge --circular --no-spinner --extensions ts --ts-config tsconfig.json src

build: $(NODE_MODULES)
	@# A test file moved or removed must not keep running from its old compiled copy.
	rm -rf dist
	npx tsc -p tsconfig.json
	node dist/scripts/bundle.js

setup: $(NODE_MODULES)

$(NODE_MODULES): package.json package-lock.json scripts/setup.sh
	bash scripts/setup.sh
	touch $@

clean:
	rm -rf dist node_modules
