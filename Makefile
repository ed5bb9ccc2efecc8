# The two commands of the README. Both install missing Debian packages first.
#   make run   builds Release and compares the three shipped scenarios with the
#              paper's figures (stackrace compare) into out/compare
#   make test  builds Release and runs the whole suite through ctest
# Also: make calibrate (reruns the adoption calibration and rewrites its
# configs and docs/calibration.md's figures), make asan-test (sanitizers),
# make noview-test (no map window), make fuzz FUZZ_S=N (every fuzz harness N
# seconds; clang), make bench, make format, make lint.

PRESET ?= release
JOBS ?= $(shell nproc)
STACKRACE = build/$(PRESET)/stackrace

FUZZ_S ?= 60
FUZZ_JOBS ?= 1

.PHONY: deps build run test calibrate asan-test noview-test fuzz bench format lint clean

deps:
	@scripts/install-deps

build: deps
	@cmake --preset $(PRESET) >/dev/null
	@cmake --build --preset $(PRESET) -j $(JOBS)

run: build
	@mkdir -p out
	$(STACKRACE) compare --out out/compare --overwrite

test: build
	ctest --preset $(PRESET) -j $(JOBS)

calibrate: build
	STACKRACE=$(STACKRACE) scripts/calibrate

asan-test: deps
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan -j $(JOBS)
	ctest --preset asan -j $(JOBS)

# Without SFML's window and PNG figures (STACKRACE_BUILD_VIEW=OFF): everything
# else builds, and the view's tests skip.
noview-test: deps
	@cmake --preset noview >/dev/null
	@cmake --build --preset noview -j $(JOBS)
	ctest --preset noview -j $(JOBS)

# Builds the libFuzzer harnesses (tests/fuzz) and runs each FUZZ_S seconds,
# FUZZ_JOBS at a time; exits non-zero on a finding.
fuzz: deps
	@cmake --preset fuzz >/dev/null
	@cmake --build --preset fuzz -j $(JOBS)
	FUZZ_JOBS=$(FUZZ_JOBS) tests/fuzz/run-fuzzers $(FUZZ_S)

bench: build
	build/$(PRESET)/bench/stackrace_bench

format:
	@find base worlds agents sim study viz cli tests bench -name '*.cpp' -o -name '*.h' | xargs clang-format -i

# Every warning is an error (.clang-tidy); files are checked $(JOBS) at a time.
lint: build
	@find base worlds agents sim study viz cli -name '*.cpp' | sort | \
	  xargs -P $(JOBS) -n 4 clang-tidy -p build/$(PRESET) --quiet
	@echo "lint: clean"

clean:
	rm -rf build
