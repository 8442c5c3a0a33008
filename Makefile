# Skyddsvalv — build, run and test entry points.  `make help` lists the targets.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := build

# Cargo is often only in ~/.cargo/bin (rustup) and not on a non-login PATH: do what
# `source $HOME/.cargo/env` does, for every recipe and every script they run.
ifeq ($(shell command -v cargo 2>/dev/null),)
CARGO_HOME ?= $(HOME)/.cargo
export PATH := $(CARGO_HOME)/bin:$(PATH)
endif

# `check` installs nothing: for machines that are not Debian or Ubuntu (needs a running Secret Service
# for the tests that use the real OS keyring).
.PHONY: help deps test-deps build run demo check test test-app test-e2e test-ui tauri-driver bench bench-startup clean

help: ## List the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/'

deps: ## Install the Debian packages needed to build
	scripts/install-deps.sh

test-deps: ## Install the Debian packages needed to build and test
	scripts/install-deps.sh --test

build: deps ## Build everything (release, with the demo vault): the core, the CLI and the desktop app
	cargo build --release --workspace --features skyddsvalv/demo

run: build ## Build everything, then open the app on a throw-away demo vault
	scripts/demo.sh

demo: run ## Same as run

check: ## Formatting, lints and all cargo tests, installing nothing
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy --workspace -- -D warnings # as released: without the demo feature
	cargo test --workspace

test: test-deps ## Formatting, lints, all cargo tests, then the app's end-to-end and UI tests
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy --workspace -- -D warnings # as released: without the demo feature
	scripts/with-keyring.sh cargo test --workspace
	$(MAKE) --no-print-directory test-app

# Both suites run even when the first fails; the target fails if either did.
test-app: ## The real app end to end (tauri-driver), then the UI checks (headless Chromium)
	@rc=0; \
	$(MAKE) --no-print-directory test-e2e || rc=1; \
	$(MAKE) --no-print-directory test-ui || rc=1; \
	exit $$rc

tauri-driver: ## Install tauri-driver (the WebDriver bridge of the end-to-end tests) if missing
	@command -v tauri-driver >/dev/null 2>&1 || cargo install tauri-driver --locked

test-e2e: test-deps tauri-driver ## End-to-end tests of the debug app; screenshots in artifacts/e2e/
	cargo build -p skyddsvalv-app -p skyddsvalv --bins
	# The attacker's own program of scenario (v), with the library's test support.
	cargo build -p skyddsvalv --example attacker_appends_log_row
	tests/e2e/run.sh

# npm ci only when node_modules is missing or older than the lock file.
tests/ui/node_modules/.installed: tests/ui/package-lock.json tests/ui/package.json
	cd tests/ui && npm ci --no-audit --no-fund
	touch $@

test-ui: test-deps tests/ui/node_modules/.installed ## axe-core and keyboard checks of ui/ (IPC mocked); screenshots in artifacts/ui/
	cd tests/ui && npm test

bench: ## Run the core's benchmarks (budgets in docs/design.md)
	scripts/with-keyring.sh cargo bench -p skyddsvalv

bench-startup: test-deps tauri-driver ## Cold start to the login screen and idle memory of the release app
	cargo build --release -p skyddsvalv-app -p skyddsvalv -p bare-window
	scripts/startup-bench.sh

clean: ## Remove build output and test artifacts
	cargo clean
	rm -rf artifacts
