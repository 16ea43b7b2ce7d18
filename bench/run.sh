#!/usr/bin/env bash
# make bench: runs the project's benchmarks and writes a dated report under bench/results/.
# Micro-benchmarks are JMH (bench module); figures are never asserted in tests.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=$(date -u +%Y-%m-%dT%H%MZ)
out="bench/results/$stamp"
mkdir -p "$out"
mvn -B -q -pl bench -am install -DskipTests
{
  echo "# Benchmark report $stamp"
  echo
  echo "## Machine"
  echo '```'
  echo "cores: $(nproc); memory: $(free -h | awk '/Mem:/{print $2}'); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  grep -m1 'model name' /proc/cpuinfo || true
  java -version 2>&1 | head -1
  echo '```'
} > "$out/README.md"
java -jar bench/target/smartcar-bench.jar ${JMH_ARGS:-LineParserBenchmark} -rf json -rff "$out/jmh.json" | tee "$out/jmh.txt"
{
  echo
  echo "## JMH (ops = lines, one thread = one core)"
  echo '```'
  sed -n '/^Benchmark /,$p' "$out/jmh.txt" | grep -v '^Benchmark result'
  echo '```'
} >> "$out/README.md"
echo "report: $out/README.md"
