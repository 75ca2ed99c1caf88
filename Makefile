# Atrium developer entry points. `make help` lists them.
#
# Everything comes from Debian 12 packages (`make deps`); the build is CMake, the tests are CTest
# (GoogleTest binaries plus the integration suite that runs the real `atrium` binary).

SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -ec
.DEFAULT_GOAL := help

ROOT := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
BUILD_DIR ?= $(ROOT)/build
ASAN_BUILD_DIR ?= $(ROOT)/build-asan
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
# Parallel test processes. Integration tests start real servers: keep it modest on 2 cores.
TEST_JOBS ?= 2
CONFIG ?= config/default.yaml
CMAKE_EXTRA ?=
# Extra arguments for ctest, e.g. `make test CTEST_ARGS="-R config"`.
CTEST_ARGS ?=

# Debian packages the project needs, in one list. Later features append here.
DEPS_PACKAGES := build-essential cmake pkg-config \
	libpistache-dev libluajit2-5.1-dev libsoci-dev libpq-dev libsqlite3-dev libyaml-cpp-dev \
	libgtest-dev libgmock-dev nlohmann-json3-dev libssl-dev libcurl4-openssl-dev \
	postgresql wrk hyperfine clang-format clang-tidy curl ccache libargon2-dev libcrypt-dev \
	chromium libmagic-dev libqrencode-dev libpng-dev

# Sanitizer settings for `make test-asan`. LuaJIT/dlopen suppressions go in .ci/lsan.supp.
ASAN_ENV := ASAN_OPTIONS=halt_on_error=1:detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1 \
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	LSAN_OPTIONS=suppressions=$(ROOT)/.ci/lsan.supp:print_suppressions=0

# Project sources that `make format` / `make lint` touch (third-party code never lives in-tree).
FORMAT_DIRS := host sdk plugins tests
LINT_DIRS := host sdk plugins

.PHONY: help deps build configure run test test-asan build-asan bench format lint lint-format \
	lint-tidy clean

help: ## Show this help
	@echo "Atrium make targets:"
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*## "} {printf "  make %-11s %s\n", $$1, $$2}'
	@echo
	@echo "Variables: BUILD_DIR=$(BUILD_DIR) BUILD_TYPE=$(BUILD_TYPE) JOBS=$(JOBS) TEST_JOBS=$(TEST_JOBS)"
	@echo "           CONFIG=$(CONFIG) CTEST_ARGS=... CMAKE_EXTRA=..."

deps: ## Install missing Debian packages (idempotent; uses apt-get, sudo when not root)
	@installed=$$(dpkg-query -W -f='$${Package} $${Status}\n' $(DEPS_PACKAGES) 2>/dev/null | \
		awk '/ install ok installed$$/ {print $$1}' || true); \
	missing=""; \
	for pkg in $(DEPS_PACKAGES); do \
		grep -qxF "$$pkg" <<<"$$installed" || missing="$$missing $$pkg"; \
	done; \
	if [[ -z "$$missing" ]]; then echo "deps: all $(words $(DEPS_PACKAGES)) packages installed"; exit 0; fi; \
	echo "deps: installing:$$missing"; \
	if [[ $$(id -u) -eq 0 ]]; then sudo=""; \
	elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; \
	else echo "deps: missing packages:$$missing; run 'make deps' as root or install sudo" >&2; exit 1; fi; \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q; \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing

configure: ## Configure the CMake build in build/ (no compiling)
	@cmake -S $(ROOT) -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_EXTRA) >/dev/null

build: deps ## Configure and compile everything into build/ (RelWithDebInfo)
	@cmake -S $(ROOT) -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_EXTRA)
	cmake --build $(BUILD_DIR) -j$(JOBS)
	@ln -sfn $(BUILD_DIR)/compile_commands.json $(ROOT)/compile_commands.json

run: build ## Build, then serve config/default.yaml (CONFIG=... to choose another)
	@[[ -f "$(CONFIG)" ]] || { echo "run: $(CONFIG) not found; choose one with CONFIG=config/<product>.yaml" >&2; exit 1; }
	$(BUILD_DIR)/atrium serve --config $(CONFIG)

# The PostgreSQL test cluster is started for the whole ctest run and always stopped (trap), also
# when a test fails or make is interrupted. ATRIUM_TEST_PG_URL already set => use that server.
define run_ctest
	pg_dir=""; \
	cleanup() { if [[ -n "$$pg_dir" ]]; then $(ROOT)/tools/pg_test_cluster.sh stop "$$pg_dir" || true; fi; }; \
	trap cleanup EXIT; trap 'exit 130' INT TERM; \
	if [[ -z "$${ATRIUM_TEST_PG_URL:-}" ]]; then \
		pg_env=$$($(ROOT)/tools/pg_test_cluster.sh start); \
		pg_dir=$$(sed -n 's/^ATRIUM_TEST_PG_DIR=//p' <<<"$$pg_env"); \
		export ATRIUM_TEST_PG_URL=$$(sed -n 's/^ATRIUM_TEST_PG_URL=//p' <<<"$$pg_env"); \
	fi; \
	echo "test: PostgreSQL at $$ATRIUM_TEST_PG_URL"; \
	$(2) $(ROOT)/tools/ctest_summary.sh $(1) -j$(TEST_JOBS) $(CTEST_ARGS)
endef

test: build ## Build, then run every test (CTest) with a throwaway PostgreSQL; prints "N passed, N failed"
	@$(call run_ctest,$(BUILD_DIR),)

build-asan: deps ## Build with AddressSanitizer + UBSan into build-asan/ (Debug)
	@cmake -S $(ROOT) -B $(ASAN_BUILD_DIR) -DCMAKE_BUILD_TYPE=Debug -DATRIUM_SANITIZE=ON $(CMAKE_EXTRA)
	cmake --build $(ASAN_BUILD_DIR) -j$(JOBS)

test-asan: build-asan ## Run every test under ASan + UBSan (build-asan/)
	@$(call run_ctest,$(ASAN_BUILD_DIR),$(ASAN_ENV))

bench: build ## Build, then run the benchmarks (tests/bench/run_bench.sh: HTTP with wrk, and the Lua rule call; results in build/bench/)
	BUILD_DIR=$(BUILD_DIR) $(ROOT)/tests/bench/run_bench.sh

# Files under the project's own source folders: C and C++ only (run from $(ROOT)).
define project_sources
$$(find $(1) -type f \( -name '*.c' -o -name '*.cc' -o -name '*.cpp' -o -name '*.h' -o -name '*.hpp' \) 2>/dev/null | sort || true)
endef

format: ## clang-format -i every project C/C++ source
	@cd $(ROOT) && files="$(call project_sources,$(FORMAT_DIRS))"; \
	if [[ -n "$$files" ]]; then clang-format -i $$files; echo "format: $$(wc -w <<<"$$files") files"; fi

lint: lint-format lint-tidy ## clang-format --dry-run --Werror, then clang-tidy over host/ sdk/ plugins/

lint-format:
	@cd $(ROOT) && files="$(call project_sources,$(FORMAT_DIRS))"; \
	if [[ -n "$$files" ]]; then clang-format --dry-run --Werror $$files; fi; \
	echo "lint: clang-format clean"

lint-tidy: configure
	@cd $(ROOT) && files="$(call project_sources,$(LINT_DIRS))"; \
	files=$$(grep -E '\.(c|cc|cpp)$$' <<<"$$files" || true); \
	if [[ -z "$$files" ]]; then echo "lint: no sources for clang-tidy"; exit 0; fi; \
	printf '%s\n' $$files | xargs -P $(JOBS) -n 4 clang-tidy --quiet -p $(BUILD_DIR) \
		--extra-arg=-Wno-unknown-warning-option; \
	echo "lint: clang-tidy clean"

clean: ## Remove build/ and build-asan/
	rm -rf $(BUILD_DIR) $(ASAN_BUILD_DIR) $(ROOT)/compile_commands.json
