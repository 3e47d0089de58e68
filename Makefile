# agora — the two commands of the README, and a few more.
#   make site   install missing Debian packages, build agora, build the bundled hub into public/
#   make test   build and run the whole test suite (unit, end-to-end, browser) through ctest
#   make bench  build the benchmark sites and print throughput against peers
#   make bench-catalogue  a plugin listing's build cost against a docs page, and filter speed
#               of the catalogue page with 5,000 listings (bench/catalogue/run.sh)
BUILD_DIR ?= build/release
JOBS ?= $(shell nproc)
WERROR ?= OFF
CMAKE_FLAGS ?= -G Ninja -DCMAKE_BUILD_TYPE=Release -DAGORA_WERROR=$(WERROR)

.PHONY: all deps test-deps configure agora site test bench bench-catalogue clean
all: agora

deps:
	@scripts/ensure-deps build

test-deps:
	@scripts/ensure-deps test

configure: deps
	@mkdir -p $(BUILD_DIR) && cmake -S . -B $(BUILD_DIR) $(CMAKE_FLAGS) > $(BUILD_DIR)/configure.log 2>&1 || \
	  { cat $(BUILD_DIR)/configure.log; exit 1; }

agora: configure
	cmake --build $(BUILD_DIR) --target agora -j $(JOBS)

site: agora
	$(BUILD_DIR)/agora build --source . --out public

test: test-deps configure
	cmake --build $(BUILD_DIR) -j $(JOBS)
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)

bench: agora
	bench/run.sh $(BUILD_DIR)/agora

bench-catalogue: agora
	bench/catalogue/run.sh $(BUILD_DIR)/agora

clean:
	rm -rf build public
