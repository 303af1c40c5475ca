# Tenet: `make demo` runs a simulated 3-host cluster; `make test` runs every test. Both need root (network
# namespaces, Open vSwitch) and install what they need on Debian 12.
MVN ?= mvn -B -q
TENET_HOME := $(CURDIR)/build/tenet

.PHONY: all deps build demo karaf test test-fast bench bench-compare clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	$(MVN) -DskipTests install
	@rm -rf build/tenet-karaf && cp -r karaf-features/distribution/target/assembly build/tenet-karaf
	@chmod +x $(TENET_HOME)/bin/*
	@scripts/make-cds.sh $(TENET_HOME)

demo: build
	scripts/demo.sh $(TENET_HOME)

# The Karaf distribution with Tenet installed, in the foreground (REST on :8181/api/v1, shell prompt; logout stops it).
karaf: build
	JAVA_HOME=$${JAVA_HOME:-$$(dirname $$(dirname $$(readlink -f $$(which java))))} build/tenet-karaf/bin/karaf

# Everything: unit, channel, compiler, REST, and the system tests on simulated hosts with real OVS.
test: build
	@mkdir -p build
	{ mvn -B -ntp verify; echo $$? > build/test.status; } | tee build/test.log; \
	  scripts/test-summary.sh build/test.log; exit $$(cat build/test.status)

# Unit tests only (no namespaces, no OVS): quick feedback while developing.
test-fast: deps
	@mkdir -p build
	{ mvn -B -ntp -Dtenet.fast verify; echo $$? > build/test.status; } | tee build/test.log; \
	  scripts/test-summary.sh build/test.log; exit $$(cat build/test.status)

bench: build
	scripts/bench.sh $(TENET_HOME)

# The compared benchmarks of BENCHMARKS.md, this checkout against REF (default: the main before issue 8), in one run.
bench-compare: deps
	scripts/bench-compare.sh $(REF)

clean:
	$(MVN) clean
	rm -rf build
