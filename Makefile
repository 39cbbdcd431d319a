# keel — build, run and test. `make run` and `make test` are the two commands a new
# machine needs; both install what is missing first (scripts/install-deps).
#
#   make            build build/keel
#   make run        install deps, build, start PostgreSQL + workers + nginx under var/
#   make stop       stop what `make run` started
#   make test       install deps, build, run unit + integration + end-to-end tests
#   make test-asan  the same test suite built with AddressSanitizer + UBSan
#   make test-cluster  only tests/cluster (worker hosts, PgBouncer, replica in namespaces)
#   make fuzz       run every libFuzzer harness for a bounded time
#   make bench      wrk against the real stack (scripts/bench), then the job queue:
#                   1,000 webhook deliveries and what enqueueing costs W2 (scripts/bench-webhooks)
#   make bench-cluster  W1 with 1, 2, 3 worker hosts behind one nginx (scripts/bench --cluster)
#   make openapi    regenerate docs/openapi.yaml (routes + resource declarations + base.yaml)
#   make format     clang-format every C++ file
#   make check-layering  src/'s #include lines point one way (also the first step of make test)

CXX      ?= g++
BUILD    ?= build
CXXFLAGS ?= -O2 -g
# Flags keel always needs, whatever CXXFLAGS a caller passes on the command line.
KEEL_CXXFLAGS := -std=c++20 -Wall -Wextra -Werror -MMD -MP -Isrc -I/usr/include/postgresql
LDLIBS   := -lfcgi -lpq -lcryptopp -largon2 -lcrypt -lmagic -lgd -lcurl
TEST_LIBS := -lgtest -lgtest_main -pthread
E2E_LIBS := -lcurl

ifeq ($(SANITIZE),1)
  # -Wno-maybe-uninitialized: with -fsanitize=address, GCC 12 warns falsely inside
  # <regex> (GCC bug 105616), which -Werror turns into a failed build.
  KEEL_CXXFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined \
                   -Wno-maybe-uninitialized
  LDFLAGS  += -fsanitize=address,undefined
endif

LIB_SRCS  := $(filter-out src/main.cc,$(shell find src -name '*.cc' | sort))
LIB_OBJS  := $(LIB_SRCS:%.cc=$(BUILD)/%.o)
UNIT_SRCS := $(shell find tests/unit -name '*.cc' 2>/dev/null | sort)
INT_SRCS  := $(shell find tests/integration tests/support -name '*.cc' 2>/dev/null | sort)
E2E_SRCS  := $(shell find tests/e2e tests/support -name '*.cc' 2>/dev/null | sort)
TEST_CXXFLAGS := -Itests

.PHONY: all deps run stop test test-asan test-cluster unit fuzz bench bench-cluster format format-check check-layering openapi clean

all: $(BUILD)/keel

$(BUILD)/%.o: %.cc
	@mkdir -p $(dir $@)
	@echo "  CXX $<"
	@$(CXX) $(KEEL_CXXFLAGS) $(CXXFLAGS) $(TEST_CXXFLAGS) -c $< -o $@

$(BUILD)/libkeel.a: $(LIB_OBJS)
	@rm -f $@
	@ar rcs $@ $^

$(BUILD)/keel: $(BUILD)/src/main.o $(BUILD)/libkeel.a
	@echo "  LD  $@"
	@$(CXX) $(LDFLAGS) $^ $(LDLIBS) -o $@

# The binary `make install` installs: libfcgi, Crypto++, libargon2 and the C++ runtime
# linked in (libpq and libc stay shared). A CGI run (one process per request) resolves far
# fewer symbols at start: measured with `perf stat` here, a CGI /health took 8.8 ms of CPU
# with build/keel and 5.6 ms with this one (scripts/bench-cgi); and a shared host needs
# none of those libraries installed.
$(BUILD)/keel-dist: $(BUILD)/src/main.o $(BUILD)/libkeel.a
	@echo "  LD  $@"
	@$(CXX) $(LDFLAGS) $^ -Wl,-Bstatic -lfcgi -lcryptopp -largon2 -Wl,-Bdynamic -lpq -lcrypt \
	  -static-libstdc++ -static-libgcc -o $@

$(BUILD)/unit_tests: $(UNIT_SRCS:%.cc=$(BUILD)/%.o) $(BUILD)/libkeel.a
	@echo "  LD  $@"
	@$(CXX) $(LDFLAGS) $^ $(LDLIBS) $(TEST_LIBS) -o $@

$(BUILD)/integration_tests: $(INT_SRCS:%.cc=$(BUILD)/%.o) $(BUILD)/libkeel.a
	@echo "  LD  $@"
	@$(CXX) $(LDFLAGS) $^ $(LDLIBS) $(TEST_LIBS) $(E2E_LIBS) -o $@

$(BUILD)/e2e_tests: $(E2E_SRCS:%.cc=$(BUILD)/%.o) $(BUILD)/libkeel.a
	@echo "  LD  $@"
	@$(CXX) $(LDFLAGS) $^ $(LDLIBS) $(TEST_LIBS) $(E2E_LIBS) -o $@

TEST_BINS := $(BUILD)/keel $(BUILD)/unit_tests $(BUILD)/integration_tests $(BUILD)/e2e_tests

deps:
	@scripts/install-deps

run: deps
	@$(MAKE) --no-print-directory all
	@scripts/run-stack start

stop:
	@scripts/run-stack stop

unit: $(BUILD)/unit_tests
	$(BUILD)/unit_tests

test: deps
	@$(MAKE) --no-print-directory $(TEST_BINS)
	@BUILD=$(BUILD) scripts/run-tests

test-asan: deps
	@$(MAKE) --no-print-directory BUILD=build-asan SANITIZE=1 CXXFLAGS="-O1 -g" \
	  build-asan/keel build-asan/unit_tests build-asan/integration_tests build-asan/e2e_tests
	@BUILD=build-asan KEEL_TEST_DEPLOY=0 scripts/run-tests

test-cluster: deps
	@$(MAKE) --no-print-directory $(BUILD)/keel
	@BUILD=$(BUILD) KEEL_TEST_ONLY='^tests/cluster/' scripts/run-tests

fuzz: deps
	@scripts/fuzz

bench: deps
	@$(MAKE) --no-print-directory all
	@scripts/bench
	@scripts/bench-webhooks
	@scripts/bench-webhooks --w2

bench-cluster: deps
	@$(MAKE) --no-print-directory all
	@scripts/bench --cluster

format:
	@find src tests -name '*.cc' -o -name '*.h' | xargs clang-format -i

format-check:
	@find src tests -name '*.cc' -o -name '*.h' | xargs clang-format --dry-run -Werror

check-layering:
	@scripts/check-layering

# docs/openapi.yaml from the route table, the resource declarations and docs/openapi/base.yaml
openapi: $(BUILD)/keel
	@scripts/install-web-deps >/dev/null
	@node tests/openapi/build-openapi.mjs $(BUILD)/keel docs/openapi/base.yaml >docs/openapi.yaml.new
	@mv docs/openapi.yaml.new docs/openapi.yaml
	@echo "docs/openapi.yaml: $$(wc -l <docs/openapi.yaml) lines"

clean:
	rm -rf build build-asan

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# make install [PREFIX=/usr/local] [DESTDIR=]: what a packager or a shared-host user copies:
# the stripped binary (build/keel-dist), the migrations, the deployment configurations (docs/deploy) and
# nginx's, and the README.
PREFIX ?= /usr/local
.PHONY: install
install: $(BUILD)/keel-dist
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/keel/sql \
	  $(DESTDIR)$(PREFIX)/share/keel/deploy/errors $(DESTDIR)$(PREFIX)/share/keel/nginx/snippets \
	  $(DESTDIR)$(PREFIX)/share/keel/nginx/examples $(DESTDIR)$(PREFIX)/share/doc/keel
	install -s -m 0755 $(BUILD)/keel-dist $(DESTDIR)$(PREFIX)/bin/keel
	install -m 0644 sql/*.sql $(DESTDIR)$(PREFIX)/share/keel/sql/
	install -m 0644 docs/deploy/*.conf docs/deploy/*.htaccess docs/deploy/*.md \
	  $(DESTDIR)$(PREFIX)/share/keel/deploy/
	install -m 0755 docs/deploy/*.sh $(DESTDIR)$(PREFIX)/share/keel/deploy/
	install -m 0644 docs/deploy/errors/*.json $(DESTDIR)$(PREFIX)/share/keel/deploy/errors/
	for f in docs/deploy/errors/*.json; do \
	  ln -sf $$(basename $$f) $(DESTDIR)$(PREFIX)/share/keel/deploy/errors/$$(basename $$f .json).html; \
	done
	install -m 0644 nginx/keel.conf.template $(DESTDIR)$(PREFIX)/share/keel/nginx/
	install -m 0644 nginx/snippets/*.conf $(DESTDIR)$(PREFIX)/share/keel/nginx/snippets/
	install -m 0644 nginx/examples/* $(DESTDIR)$(PREFIX)/share/keel/nginx/examples/
	chmod 0755 $(DESTDIR)$(PREFIX)/share/keel/nginx/examples/*.sh
	install -m 0644 README.md $(DESTDIR)$(PREFIX)/share/doc/keel/
