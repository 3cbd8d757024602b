# rnngen front door. The two commands of the README:
#   make demo    set up, build, generate the default spec, check it with three tools, simulate it
#   make check   set up, build, run the whole test suite (what CI runs)
# For a generated folder:  make verilate test [RTL_OUT=dir] [TRACE=1 [TRACE_FROM=n] [TRACE_TO=m]]
#                          make resources fpga-ice40 [RTL_OUT=dir]   (area on UltraScale+, iCE40 UP5K)

BUILD   ?= build
SPEC    ?= configs/lstm_small.yaml
RTL_OUT ?= rtl_out
JOBS    ?= $(shell nproc)

RNNGEN   := $(BUILD)/rnngen
TB_BUILD := $(abspath $(BUILD))/tb/$(subst /,_,$(abspath $(RTL_OUT)))

# TRACE=1: the testbench that also writes $(RTL_OUT)/sim/wave.fst (all hierarchy), for the steps
# TRACE_FROM..TRACE_TO (over the whole run, inclusive; default: the whole run). It is a build of
# its own, so the default testbench stays without tracing code.
TRACE      ?= 0
TRACE_FROM ?=
TRACE_TO   ?=
TB_TRACE   := OFF
TB_ARGS    :=
ifeq ($(TRACE),1)
  TB_BUILD := $(TB_BUILD)_trace
  TB_TRACE := ON
  TB_ARGS  := $(if $(TRACE_FROM),+trace_from=$(TRACE_FROM)) $(if $(TRACE_TO),+trace_to=$(TRACE_TO))
else ifneq ($(TRACE_FROM)$(TRACE_TO),)
  $(error TRACE_FROM and TRACE_TO need TRACE=1)
endif

.PHONY: all deps build generate verilate test tb-path lint synth iverilog icarus-sim resources fpga-ice40 \
        demo check check-long bench fuzz clean

all: build

deps:
	@bash scripts/bootstrap.sh

build:
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)

generate: build
	$(RNNGEN) $(SPEC) -o $(RTL_OUT)

# Verilator testbench for the design in $(RTL_OUT).
# Removing Verilator's saved file list makes the configure step run Verilator on the design as
# it is now: a design whose model splits into other files would otherwise link the old list.
verilate:
	@mkdir -p $(TB_BUILD) && rm -f $(TB_BUILD)/CMakeFiles/*/V*.dir/V*_copy.cmake
	@( cmake -S tb -B $(TB_BUILD) -DRTL_OUT=$(abspath $(RTL_OUT)) -DTB_TRACE=$(TB_TRACE) \
	     -DRNNGEN_CORE_TARGETS=$(abspath $(BUILD))/rnngen_core-targets.cmake -DCMAKE_BUILD_TYPE=Release && \
	   cmake --build $(TB_BUILD) -j$(JOBS) ) > $(TB_BUILD)/verilate.log 2>&1 || \
	   { cat $(TB_BUILD)/verilate.log; exit 1; }
	@echo "verilate: $(RTL_OUT) -> $(TB_BUILD)/tb_rnngen"

test: verilate
	cd $(RTL_OUT) && $(TB_BUILD)/tb_rnngen $(TB_ARGS)

tb-path:
	@echo $(TB_BUILD)/tb_rnngen

lint:
	@bash scripts/check_design.sh $(RTL_OUT) lint
synth:
	@bash scripts/check_design.sh $(RTL_OUT) synth
iverilog:
	@bash scripts/check_design.sh $(RTL_OUT) iverilog
icarus-sim:
	@bash scripts/check_design.sh $(RTL_OUT) icarus-sim

# Area: Yosys synth_xilinx (UltraScale+) -> $(RTL_OUT)/resources.json and resources.md.
resources:
	@bash scripts/resources.sh $(RTL_OUT)
# Place and route on an iCE40 UP5K (nextpnr) -> $(RTL_OUT)/fpga_ice40.json; ICE40_FREQ=MHz.
ICE40_FREQ ?= 24
fpga-ice40:
	@ICE40_FREQ=$(ICE40_FREQ) bash scripts/fpga_ice40.sh $(RTL_OUT)

demo: deps
	@$(MAKE) --no-print-directory generate
	@bash scripts/check_design.sh $(RTL_OUT)
	@$(MAKE) --no-print-directory test

check: deps build
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS) -LE long
	$(MAKE) --no-print-directory sanitize

# The tests too slow for CI (label long): the paper-sized designs' synthesis and Verilator runs,
# the synthesis of lstm_dense and lstm_csc.
check-long: deps build
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS) -L long

.PHONY: sanitize

# Unit tests under AddressSanitizer + UndefinedBehaviorSanitizer, in a tree of their own (which
# ignores itself in git).
SAN_BUILD := build-asan
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
sanitize:
	@mkdir -p $(SAN_BUILD) && echo '*' > $(SAN_BUILD)/.gitignore
	@cmake -S . -B $(SAN_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=g++ \
	  -DCMAKE_CXX_FLAGS="$(SAN_FLAGS)" -DCMAKE_EXE_LINKER_FLAGS="$(SAN_FLAGS)" >/dev/null
	@cmake --build $(SAN_BUILD) -j$(JOBS) --target unit_tests
	ASAN_OPTIONS=detect_leaks=1:halt_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  $(SAN_BUILD)/tests/unit_tests --gtest_brief=1

.PHONY: fuzz-spec

# libFuzzer on the spec loader (clang), for SECONDS seconds; findings go to build-fuzz/ (which
# ignores itself in git). Minimised crashers belong in tests/fuzz/regressions/ (replayed by
# the unit tests).
FUZZ_BUILD := build-fuzz
SECONDS    ?= 600
fuzz-spec:
	@mkdir -p $(FUZZ_BUILD) && echo '*' > $(FUZZ_BUILD)/.gitignore
	@cmake -S tests/fuzz -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCMAKE_CXX_COMPILER=clang++ >/dev/null
	@cmake --build $(FUZZ_BUILD) -j$(JOBS)
	@mkdir -p $(FUZZ_BUILD)/corpus
	$(FUZZ_BUILD)/spec_fuzzer -max_total_time=$(SECONDS) -max_len=16384 -timeout=10 \
	  -dict=tests/fuzz/yaml.dict -artifact_prefix=$(FUZZ_BUILD)/ -print_final_stats=1 \
	  $(FUZZ_BUILD)/corpus configs tests/e2e tests/diag tests/fuzz/regressions

# Performance figures on configs/bench_lstm.yaml (a benchmark, not a test).
bench: deps build
	@bash scripts/bench.sh $(BUILD)

# The power model's figures (docs/power.md): trained_lstm with 3 islands and the ESE layer pruned
# by magnitude with islands; the comparison (a)..(e) and the generator time.
.PHONY: bench-power
bench-power: build
	@bash scripts/bench_power.sh $(BUILD)

# Random-spec fuzzing, end to end (see docs/verification.md): seeds SEED..SEED+N-1;
# RESUME=1 counts seeds that already passed instead of rerunning them; ISLANDS=1 runs only the
# seeds with voltage islands, KEY=name those whose spec has that key (ew_group, codebook).
SEED   ?= 1
N      ?= 50
RESUME ?= 0
ISLANDS ?= 0
KEY    ?=
fuzz: deps build
	@RESUME=$(RESUME) ISLANDS=$(ISLANDS) KEY=$(KEY) bash scripts/fuzz.sh $(SEED) $(N) $(BUILD) $(JOBS)

clean:
	rm -rf $(BUILD) $(RTL_OUT)
