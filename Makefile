# kindex - build, test and sanitizer targets.
#
# Every search/*.c, indexer/*.c and web/*.c is compiled into the kindex binary;
# tests/unit/test_*.c each become one cmocka test binary linked against the
# same objects (minus main.c).  Adding a module means adding files, not rules.

PKGS      := xapian-core poppler-glib glib-2.0 cairo tesseract lept libmicrohttpd json-c libsodium zlib libzstd sqlite3 libzip libxml-2.0 pangocairo
TEST_PKGS := cmocka
# jemalloc replaces malloc in the release build: poppler and Xapian allocate
# a great deal, and with glibc's malloc about a tenth of indexing went to
# malloc and free (bench/RESULTS.md).  Not with sanitizers, which bring
# their own allocator.
MALLOC_PKG = $(if $(SAN),,jemalloc)
# `kindex` itself holds only the commands that read an index (search, show,
# user, alerts) and links only these, so that it starts in a millisecond
# rather than the ~40 ms that loading poppler, tesseract, cairo, ... takes;
# index, cite and serve run in kindex-heavy (all of PKGS), which `kindex`
# execs (cli/main.c).  The light link keeps only the functions reachable
# from its commands (--gc-sections) and fails if one of them needs a heavy
# library.  Under the sanitizers both link everything.
LIGHT_PKGS := xapian-core glib-2.0 json-c libsodium zlib libzstd sqlite3
HEAVY_LIBS_RE := poppler|tesseract|lept|cairo|pango|xml2|libzip|microhttpd|jemalloc|curl|archive

CC  ?= cc
CXX ?= c++
BUILD ?= build

WARN := -Wall -Wextra -Werror -Wshadow -Wformat=2
CSTD := -std=gnu11 -Wstrict-prototypes -Wmissing-prototypes
OPT  ?= -O2 -g
SAN  ?=

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) | sed 's/-I/-isystem /g')
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) $(MALLOC_PKG))
TEST_CFLAGS := $(shell pkg-config --cflags $(TEST_PKGS))
TEST_LIBS   := $(shell pkg-config --libs $(TEST_PKGS))

CPPFLAGS += -I. -D_GNU_SOURCE -DKINDEX_DATADIR='"$(abspath data)"'
CFLAGS   += $(CSTD) $(WARN) $(OPT) $(SAN) $(PKG_CFLAGS) -ffunction-sections -fdata-sections
CXXFLAGS += -std=c++17 $(WARN) $(OPT) $(SAN) $(PKG_CFLAGS) -ffunction-sections -fdata-sections
LDFLAGS  += $(SAN)
LDLIBS   += $(PKG_LIBS) -lpthread -lm
LIGHT_LDFLAGS := $(if $(SAN),,-Wl,--gc-sections -Wl,--as-needed)
# The light binary's small C libraries are linked statically (the -dev
# packages ship the .a): loading and relocating six more shared objects was
# about a tenth of a `kindex search` process's time (issue 19).
LIGHT_STATIC := $(filter-out -lm -ldl -lpthread -lrt,$(shell pkg-config --static --libs-only-l $(filter-out xapian-core,$(LIGHT_PKGS))))
LIGHT_LIBS := $(if $(SAN),$(LDLIBS),$(shell pkg-config --libs xapian-core) -Wl,-Bstatic $(LIGHT_STATIC) -Wl,-Bdynamic -lpthread -lm -ldl)

C_SRCS   := $(wildcard base/*.c search/*.c indexer/*.c web/*.c cli/*.c)
CXX_SRCS := $(wildcard search/*.cc)
MAIN_SRC := cli/main.c
LIB_OBJS := $(patsubst %.c,$(BUILD)/%.o,$(filter-out $(MAIN_SRC),$(C_SRCS))) \
            $(patsubst %.cc,$(BUILD)/%.o,$(CXX_SRCS))
# What only kindex-heavy needs (the light link must not see their symbols).
HEAVY_OBJS := $(patsubst %.c,$(BUILD)/%.o,$(wildcard indexer/*.c) cli/index_cmd.c cli/cite_cmd.c web/server.c web/conn.c web/daemon.c cli/serve_cmd.c)
LIGHT_OBJS := $(if $(SAN),$(LIB_OBJS),$(filter-out $(HEAVY_OBJS),$(LIB_OBJS)))
TEST_SRCS := $(wildcard tests/unit/test_*.c)
TEST_BINS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(TEST_SRCS))

.PHONY: all clean test unit-test e2e-test reliability-test browser-test asan asan-test fuzz format format-check $(BUILD)/install/kindex $(BUILD)/install/kindex-heavy $(BUILD)/install/util.o \
	tools mkcorpus cite-accuracy meta-accuracy install mutation-test mutation-test-fast mutation-test-ci

all: $(BUILD)/kindex $(BUILD)/kindex-heavy

# kindex runs nothing heavy without kindex-heavy beside it: building one
# builds both.
$(BUILD)/kindex: $(BUILD)/$(MAIN_SRC:.c=.o) $(LIGHT_OBJS) | $(BUILD)/kindex-heavy
	$(CXX) $(LDFLAGS) $(LIGHT_LDFLAGS) -o $@ $^ $(LIGHT_LIBS)
	@$(call check_light,$@)
	@ln -sf $(BUILD)/kindex kindex 2>/dev/null || true

$(BUILD)/kindex-heavy: $(BUILD)/cli/main-heavy.o $(LIB_OBJS)
	$(CXX) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/cli/main-heavy.o: $(MAIN_SRC)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -DKINDEX_HEAVY $(CFLAGS) -MMD -MP -c -o $@ $<

# Fails when the light binary $(1) would load a heavy library.
check_light = $(if $(SAN),true,if ldd $(1) | grep -E '$(HEAVY_LIBS_RE)'; then \
	echo "$(1) links a heavy library (above): keep it out of the light commands" >&2; rm -f $(1); exit 1; fi)

$(BUILD)/%.o: %.c Makefile
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/%.o: %.cc Makefile
	@mkdir -p $(dir $@)
	$(CXX) $(CPPFLAGS) $(CXXFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(LIB_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(TEST_CFLAGS) -o $@.o -c $<
	$(CXX) $(LDFLAGS) -o $@ $@.o $(LIB_OBJS) $(LDLIBS) $(TEST_LIBS)

# The unit tests share helpers that write and index small PDFs.
$(TEST_BINS): tests/unit/synth.h tests/unit/serve_harness.h

# Stand-alone programs: the recognisers' drivers and the scale-corpus maker.
tools: $(BUILD)/tools/cite_dump $(BUILD)/tools/meta_dump $(BUILD)/mkcorpus $(BUILD)/distinct

CITE_OBJS := $(patsubst %.c,$(BUILD)/%.o,$(filter-out search/citeas%,$(wildcard search/cite*.c)))
$(BUILD)/tools/cite_dump: tests/tools/cite_dump.c $(CITE_OBJS) $(BUILD)/base/error.o $(BUILD)/base/xalloc.o
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $^

# The metadata recogniser: indexer/meta.c and its parts indexer/meta_*.c.
META_OBJS := $(patsubst %.c,$(BUILD)/%.o,$(wildcard indexer/meta.c indexer/meta_*.c))

$(BUILD)/tools/meta_dump: tests/tools/meta_dump.c $(META_OBJS) $(BUILD)/search/vocab.o $(BUILD)/base/error.o $(BUILD)/base/util.o $(BUILD)/base/xalloc.o
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/mkcorpus: corpus/mkcorpus.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CSTD) $(WARN) $(OPT) $(SAN) $(shell pkg-config --cflags cairo) -o $@ $< $(shell pkg-config --libs cairo) -lm

mkcorpus: $(BUILD)/mkcorpus

# Gives the copies in a merged index their own collapse keys (bench/growth).
$(BUILD)/distinct: bench/distinct.c $(LIB_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@.o -c $<
	$(CXX) $(LDFLAGS) -o $@ $@.o $(LIB_OBJS) $(LDLIBS)

# BEFORE=REV prints the figures of git revision REV beside the current ones.
cite-accuracy: $(BUILD)/tools/cite_dump
	CITE_DUMP=$(abspath $<) bench/cite_accuracy $(if $(BEFORE),--before $(BEFORE))

meta-accuracy:
	bench/meta_accuracy

unit-test: $(TEST_BINS)
	@set -e; for t in $(TEST_BINS); do echo "== $$t"; $$t; done

e2e-test: $(BUILD)/kindex
	KINDEX=$(abspath $(BUILD)/kindex) tests/e2e/run.sh
	KINDEX=$(abspath $(BUILD)/kindex) tests/e2e/workbench.sh
	KINDEX=$(abspath $(BUILD)/kindex) tests/e2e/q21.sh
	KINDEX=$(abspath $(BUILD)/kindex) tests/e2e/ocr.sh
	KINDEX=$(abspath $(BUILD)/kindex) tests/e2e/dispatch.sh
	KINDEX=$(abspath $(BUILD)/kindex) tests/e2e/shards.sh
	KINDEX=$(abspath $(BUILD)/kindex) tests/e2e/replica.sh
	KINDEX=$(abspath $(BUILD)/kindex) tests/e2e/pages17.sh

# Hostile input and faults: poison PDFs, SIGKILL at random moments, hostile
# HTTP requests (tests/reliability/; bench/reliability prints the report).
reliability-test: $(BUILD)/kindex
	KINDEX=$(abspath $(BUILD)/kindex) tests/reliability/poison-test.sh
	KINDEX=$(abspath $(BUILD)/kindex) KILL_CORPUS=$(abspath corpus/samples) KILLS=20 tests/reliability/kill-test.sh
	python3 tests/reliability/server-test.py $(abspath $(BUILD)/kindex) $(abspath corpus/samples)
	python3 tests/reliability/security-test.py $(abspath $(BUILD)/kindex) $(abspath corpus/samples)
	tests/reliability/deploy-test.sh

# make install [PREFIX=/usr/local] [DESTDIR=]: the binaries (built to find
# their data files in PREFIX/share/kindex; kindex-heavy, which kindex execs
# for index, cite and serve, in PREFIX/lib/kindex), the data files, the man page, the
# systemd units (kindex.service, kindex-index.service and .timer; their
# /usr/local/bin/kindex rewritten to PREFIX) and the sysusers.d entry for the
# kindex user.  README.md, "Deploying as a service", says what next.
PREFIX      ?= /usr/local
BINDIR      := $(PREFIX)/bin
LIBEXECDIR  := $(PREFIX)/lib/kindex
SHAREDIR    := $(PREFIX)/share/kindex
MANDIR      := $(PREFIX)/share/man/man1
UNITDIR     ?= $(PREFIX)/lib/systemd/system
SYSUSERSDIR ?= $(PREFIX)/lib/sysusers.d
DATA_FILES  := $(wildcard data/*.txt data/*.tsv)
UNITS       := kindex.service kindex-index.service kindex-index.timer

# The same objects, but util.o knows the installed data folder and main.o
# the folder of kindex-heavy.
$(BUILD)/install/util.o: $(BUILD)/kindex base/util.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -UKINDEX_DATADIR -DKINDEX_DATADIR='"$(SHAREDIR)"' $(CFLAGS) -c -o $@ base/util.c

$(BUILD)/install/kindex: $(BUILD)/install/util.o
	$(CC) $(CPPFLAGS) -DKINDEX_LIBEXECDIR='"$(LIBEXECDIR)"' $(CFLAGS) -c -o $(BUILD)/install/main.o $(MAIN_SRC)
	$(CXX) $(LDFLAGS) $(LIGHT_LDFLAGS) -o $@ $(BUILD)/install/main.o $(filter-out $(BUILD)/base/util.o,$(LIGHT_OBJS)) $(BUILD)/install/util.o $(LIGHT_LIBS)
	@$(call check_light,$@)

$(BUILD)/install/kindex-heavy: $(BUILD)/install/util.o
	$(CXX) $(LDFLAGS) -o $@ $(BUILD)/cli/main-heavy.o $(filter-out $(BUILD)/base/util.o,$(LIB_OBJS)) $(BUILD)/install/util.o $(LDLIBS)

install: $(BUILD)/install/kindex $(BUILD)/install/kindex-heavy
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBEXECDIR) $(DESTDIR)$(SHAREDIR) $(DESTDIR)$(MANDIR) $(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSUSERSDIR)
	install -m 755 $(BUILD)/install/kindex $(DESTDIR)$(BINDIR)/kindex
	install -m 755 $(BUILD)/install/kindex-heavy $(DESTDIR)$(LIBEXECDIR)/kindex-heavy
	install -m 644 $(DATA_FILES) $(DESTDIR)$(SHAREDIR)/
	install -m 644 deploy/kindex.default $(DESTDIR)$(SHAREDIR)/kindex.default.example
	install -m 644 docs/kindex.1 $(DESTDIR)$(MANDIR)/kindex.1
	for u in $(UNITS); do \
		sed 's|/usr/local/bin/kindex|$(BINDIR)/kindex|g' deploy/$$u > $(DESTDIR)$(UNITDIR)/$$u && \
		chmod 644 $(DESTDIR)$(UNITDIR)/$$u || exit 1; \
	done
	install -m 644 deploy/kindex.sysusers.conf $(DESTDIR)$(SYSUSERSDIR)/kindex.conf

browser-test: $(BUILD)/kindex
	KINDEX=$(abspath $(BUILD)/kindex) tests/browser/run.sh

# The whole suite: unit tests, end-to-end (CLI + HTTP), reliability,
# browser, then the unit and end-to-end tests again under ASan + UBSan.
test: unit-test e2e-test reliability-test browser-test asan-test

asan:
	$(MAKE) BUILD=build-asan OPT="-O1 -g -fno-omit-frame-pointer" \
	    SAN="-fsanitize=address,undefined -fno-sanitize-recover=all" all $(patsubst $(BUILD)/%,build-asan/%,$(TEST_BINS))

asan-test: asan
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	$(MAKE) BUILD=build-asan OPT="-O1 -g -fno-omit-frame-pointer" \
	    SAN="-fsanitize=address,undefined -fno-sanitize-recover=all" unit-test e2e-test

# Named mutations of the product (tests/mutation/mutations.txt), each built in
# a scratch copy and run against the suites expected to catch it; prints
# a table mutation | expected suite | caught by | result.  MUTATIONS=a,b
# runs only those; mutation-test-fast runs the unit and e2e suites only.
mutation-test:
	tests/mutation/run.py $(if $(MUTATIONS),--only $(MUTATIONS))

mutation-test-fast:
	tests/mutation/run.py --fast $(if $(MUTATIONS),--only $(MUTATIONS))

# A subset for CI: ten mutations across web, auth, search, citations,
# workbench and OCR, each caught by the unit suite; no baseline run (meant to
# follow a passing `make test`).  Not in .ci/run: it took 572 s on the shared
# machine (tests/mutation/last-run.txt), over the 5-minute budget.
CI_MUTATIONS := login-post-no-csrf html-without-session hit-title-unescaped page-cache-next-page \
	court-filter-ignored crc-structure-paragraph-any store-owner-check-off session-survives-passwd \
	serve-pdf-linked-folder ocr-cache-key-no-page
mutation-test-ci:
	tests/mutation/run.py --fast --no-baseline --only $(shell echo $(CI_MUTATIONS) | tr ' ' ,)

fuzz:
	tests/fuzz/build.sh
	tests/fuzz/build-query.sh

# clang-format with .clang-format (tabs, Linux-like braces, 100 columns).
# No configuration reproduces every file as written (comments aligned by
# hand, line breaks chosen by eye), so `make format` formats only the files
# listed here, which conform; `make format-check` names every file that
# does not, with how many lines clang-format would change.  A file joins
# the list once it conforms.
FORMAT_SRCS := base/error.c base/xalloc.c base/xalloc.h cli/commands.c cli/commands.h \
	cli/index_cmd.c cli/main.c indexer/describe.h indexer/index.h search/context.c \
	search/context.h search/docdata.c search/index_write.c search/index_write.h \
	search/ixdoc.h search/lang.h search/rcache.h
FORMAT_ALL := $(C_SRCS) $(CXX_SRCS) $(wildcard base/*.h search/*.h indexer/*.h web/*.h cli/*.h)

format:
	clang-format -i $(FORMAT_SRCS)

format-check:
	@for f in $(FORMAT_ALL); do \
		n=$$(clang-format "$$f" | diff "$$f" - | grep -c '^>'); \
		[ "$$n" -eq 0 ] || echo "$$f: $$n lines differ"; \
	done

clean:
	rm -rf build build-asan kindex

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
