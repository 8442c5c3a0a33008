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

.PHONY: help deps test-deps build run demo test bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/'

deps: ## Install the Debian packages needed to build
	scripts/install-deps.sh

test-deps: ## Install the Debian packages needed to build and test
	scripts/install-deps.sh --test

build: deps ## Build everything (release): the core, the CLI and the desktop app
	cargo build --release --workspace

run: build ## Build everything, then open the app on a throw-away demo vault
	scripts/demo.sh

demo: run ## Same as run

test: test-deps ## Formatting, lints, then all tests with a headless Secret Service
	cargo fmt --all --check
	cargo clippy --workspace --all-targets --features skyddsvalv/test-support -- -D warnings
	scripts/with-keyring.sh cargo test --workspace --features skyddsvalv/test-support

bench: ## Run the core's benchmarks (budgets in DESIGN.md)
	cargo bench -p skyddsvalv

clean: ## Remove build output and test artifacts
	cargo clean
	rm -rf artifacts
