# The project's entry points. Each target is a thin call; the work lives in the modules and in stack/bin.
SHELL := /bin/bash
MVN   ?= mvn -B -q
STACK := stack/bin/stack.sh
ARGS  ?=

.PHONY: help build lint test unit-test simulate up down status clean deploy run bench chaos

# What `make run` needs built; any one missing triggers one reactor build without tests.
ARTIFACTS := simulator/target/smartcar-simulator.jar connectors/target/plugin/smartcar-connectors \
             streams-app/target/smartcar-streams-app.jar cli/target/smartcar.jar schemas/target/smartcar-schemas-0.1.0-SNAPSHOT.jar

help:            ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

run:             ## the pilot end to end: build what is missing, start the stack, deploy, run the scenario, check it
	@for a in $(ARTIFACTS); do test -e $$a || { echo "[run] $$a is missing: building"; $(MVN) install -DskipTests || exit 1; break; }; done
	$(STACK) up
	$(STACK) deploy
	bin/smartcar pilot $(ARGS)
	@$(STACK) metrics

build:           ## compile and package every module (skips tests)
	$(MVN) -DskipTests install

unit-test:       ## unit and TopologyTestDriver tests only (no servers)
	$(MVN) install

lint:            ## shellcheck over stack/bin, bench/ and .ci/run (warnings fail; .shellcheckrc); promtool over the metrics config
	@command -v shellcheck >/dev/null || { echo "lint: shellcheck is not installed (Debian: apt-get install shellcheck)"; exit 1; }
	shellcheck -S warning stack/bin/*.sh bench/*.sh .ci/run
	@command -v promtool >/dev/null || { echo "lint: promtool is not installed (Debian: apt-get install prometheus)"; exit 1; }
	@mkdir -p target && $(STACK) scrape-config >target/lint-prometheus.yml
	promtool check config target/lint-prometheus.yml >/dev/null
	promtool check rules stack/conf/metrics/alerts.yml >/dev/null
	promtool test rules stack/conf/metrics/alerts-test.yml

test:            ## every test: unit, TopologyTestDriver, and integration tests on a real test stack
	stack/bin/test.sh

simulate:        ## run the simulator: make simulate ARGS="status --date 20200322 --cars 100 --out /tmp/spool"
	@test -f simulator/target/smartcar-simulator.jar || $(MVN) -pl simulator -am install -DskipTests
	java -jar simulator/target/smartcar-simulator.jar $(ARGS)

up:              ## start the local stack (Kafka, registry, Connect, HBase, Redis) on 127.0.0.1
	$(STACK) up

down:            ## stop what `make up` started, keeping the data
	$(STACK) down

status:          ## one table: components, connectors, topics, tables, alert keys
	$(STACK) status

deploy:          ## topics, HBase tables, schemas, connector configs (idempotent); TARGET=FILE: onto that cluster (ARGS=--dry-run)
	$(STACK) deploy $(if $(TARGET),--target $(TARGET)) $(ARGS)

bench:           ## the benchmark suite; writes a dated report under bench/results/
	bench/run.sh

chaos:           ## the reliability suite: faults, bad input, bad config, scale-out, security; report in bench/results/
	@for a in $(ARTIFACTS); do test -e $$a || { echo "[chaos] $$a is missing: building"; $(MVN) install -DskipTests || exit 1; break; }; done
	stack/bin/chaos.sh $(ARGS)

clean:           ## stop the stack and delete its data and the build output
	$(STACK) clean
	$(MVN) -Pbench clean
