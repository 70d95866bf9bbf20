# pana — build, demo, tests and benchmark.
#   make          build bin/pana-{ingest,transform,stats,report,run} and bin/pana-gen
#   make demo     install missing packages, build, generate sample data, run, print the PDF path
#   make check    warnings as errors, ASan + UBSan, every test, a "N passed, N failed" line
#   make bench    national-scale benchmark (see tests/bench.sh)

CC ?= cc
PKGS := sqlite3 gsl cairo pangocairo libpng glib-2.0 jansson inih libcrypto libpcre2-8
WARN := -Wall -Wextra -pedantic -Wstrict-prototypes -Wmissing-prototypes -Wvla \
	-Wwrite-strings -Wformat-security -fno-common -Wshadow
STD := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS = $(shell pkg-config --libs $(PKGS)) -lcsv -lunistring -lm -lpthread

# Two build flavours: release (bin/) and check (build/check/bin, sanitizers).
OPT ?= -O2 -g
SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FLAVOUR ?= release
ifeq ($(FLAVOUR),check)
B := build/check
BIN := build/check/bin
XCFLAGS := -O1 -g $(SAN) -Werror
XLDFLAGS := $(SAN)
else
B := build/release
BIN := bin
XCFLAGS := $(OPT)
XLDFLAGS :=
endif
ALL_CFLAGS = $(STD) $(WARN) $(XCFLAGS) -Ilib -I$(B) $(PKG_CFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(XLDFLAGS) $(LDFLAGS)

SCHEMAS := $(sort $(wildcard schemas/*.sql schemas/*.json))
LIB_SRC := $(wildcard lib/*.c)
LIB_OBJ := $(LIB_SRC:%.c=$(B)/%.o) $(B)/embedded.o
# An archive, so that a program links only the library modules it uses:
# pana-ingest does not load GSL for lib/stats.c (ulimit -v, tests/e2e/faults.sh).
LIB_A := $(B)/libpana.a
STAGES := ingest transform stats report run
PROGS := $(STAGES:%=$(BIN)/pana-%) $(BIN)/pana-gen
# Modules of a stage other than its main.c, for the unit tests.
stage_mods = $(patsubst %.c,$(B)/%.o,$(filter-out $(1)/main.c,$(wildcard $(1)/*.c)))
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)

.PHONY: all demo check test bench fuzz clean deps unit
all: $(PROGS)

deps:
	@tools/deps.sh

$(B)/embedded.c: $(SCHEMAS) tools/embed.sh
	@mkdir -p $(@D)
	@tools/embed.sh $(SCHEMAS) >$@.tmp && mv $@.tmp $@

$(B)/embedded.o: $(B)/embedded.c lib/embedded.h
	@echo "  CC      $@"
	@$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/%.o: %.c $(wildcard lib/*.h) $(wildcard */*.h) $(wildcard tools/gen/*.h)
	@mkdir -p $(@D)
	@echo "  CC      $@"
	@$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(LIB_A): $(LIB_OBJ)
	@echo "  AR      $@"
	@rm -f $@ && $(AR) rcs $@ $^

define stage_rule
$(BIN)/pana-$(1): $(patsubst %.c,$(B)/%.o,$(wildcard $(1)/*.c)) $(LIB_A)
	@mkdir -p $$(@D)
	@echo "  LINK    $$@"
	@$$(CC) $$(ALL_LDFLAGS) -o $$@ $$^ $$(PKG_LIBS)
endef
$(foreach s,$(STAGES),$(eval $(call stage_rule,$(s))))

# The sample-data generator: tools/gen/, one file per source kind.
GEN_OBJ := $(patsubst %.c,$(B)/%.o,$(wildcard tools/gen/*.c))
$(BIN)/pana-gen: $(GEN_OBJ) $(LIB_A)
	@mkdir -p $(@D)
	@echo "  LINK    $@"
	@$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

# A unit test links the library and the modules of the stage it names:
# tests/unit/test_stats_coverage.c links stats/*.c but stats/main.c.
$(B)/tests/test_%: tests/unit/test_%.c $(LIB_A) $(foreach s,$(STAGES),$(call stage_mods,$(s)))
	@mkdir -p $(@D)
	@echo "  TEST    $@"
	@$(CC) $(ALL_CFLAGS) -Itests/unit $(foreach s,$(STAGES),-I$(s)) $(ALL_LDFLAGS) -o $@ $< \
		$(foreach s,$(STAGES),$(if $(findstring test_$(s),$@),$(call stage_mods,$(s)))) $(LIB_A) \
		$(PKG_LIBS)

unit: $(PROGS) $(UNIT_BIN)

demo:
	@tools/deps.sh
	@$(MAKE) --no-print-directory all
	@tools/demo.sh

check:
	@tools/deps.sh
	@$(MAKE) --no-print-directory FLAVOUR=check unit
	@$(MAKE) --no-print-directory all
	@tests/run.sh build/check

test: check

bench:
	@tools/deps.sh
	@$(MAKE) --no-print-directory all
	@tests/bench.sh

# Fuzz the readers of untrusted bytes (tests/fuzz/README.md): installs clang
# and libFuzzer when missing, replays tests/fuzz/regressions/, then fuzzes
# each target FUZZ_SECONDS seconds.
FUZZ_SECONDS ?= 60
fuzz:
	@tests/fuzz/run.sh $(FUZZ_SECONDS)

clean:
	rm -rf build bin

-include $(shell find build -name '*.d' 2>/dev/null)
