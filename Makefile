# agora — the two commands of the README, and a few more.
#   make site   install missing Debian packages, build agora, build the bundled hub into public/
#   make test   build and run the whole test suite (unit, end-to-end, browser) through ctest
#   make bench  build the benchmark sites and print throughput against peers
BUILD_DIR ?= build/release
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?= -G Ninja -DCMAKE_BUILD_TYPE=Release -DAGORA_WERROR=$(if $(CI),ON,OFF)

.PHONY: all deps test-deps configure agora site test bench clean
all: agora

deps:
	@scripts/ensure-deps build

test-deps:
	@scripts/ensure-deps test

$(BUILD_DIR)/build.ninja: | deps
	cmake -S . -B $(BUILD_DIR) $(CMAKE_FLAGS)

configure: $(BUILD_DIR)/build.ninja

agora: deps configure
	cmake --build $(BUILD_DIR) --target agora -j $(JOBS)

site: agora
	$(BUILD_DIR)/agora build --source . --out public

test: test-deps configure
	cmake --build $(BUILD_DIR) -j $(JOBS)
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)

bench: agora
	bench/run.sh $(BUILD_DIR)/agora

clean:
	rm -rf build public
