#!/usr/bin/env bash
# make bench: runs the project's benchmarks and writes a dated report under bench/results/.
# Micro-benchmarks are JMH (bench module); server benchmarks are bench/{connectors,streams,pipeline,hbase,flume,day,scale}.sh, each on a
# stack env of its own. Figures are never asserted in tests. BENCH_ONLY="streams pipeline" runs a subset.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=$(date -u +%Y-%m-%dT%H%MZ)
out="bench/results/$stamp"
mkdir -p "$out"
mvn -B -q -Pbench -pl bench -am install -DskipTests
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
# The pipeline benchmark draws its chart with gnuplot (Debian's gnuplot-nox).
if [[ -x bench/pipeline.sh ]] && ! command -v gnuplot >/dev/null && [[ $(id -u) == 0 ]]; then
  echo "== installing gnuplot-nox (apt) for the pipeline chart"
  (apt-get install -y -q --no-install-recommends gnuplot-nox || { apt-get update -q && apt-get install -y -q --no-install-recommends gnuplot-nox; }) >/dev/null
fi

# Server benchmarks: each script takes the report folder and writes its own section (<name>.md) there.
for part in connectors streams pipeline hbase flume day scale; do
  script=bench/$part.sh
  [[ -x $script ]] || continue
  [[ -n ${BENCH_ONLY:-} && " $BENCH_ONLY " != *" $part "* ]] && continue
  echo "== $part"
  if "$script" "$out"; then
    [[ -f $out/$part.md ]] && { echo; cat "$out/$part.md"; } >> "$out/README.md"
  else
    echo "benchmark $part FAILED (exit $?): see its output above" | tee -a "$out/README.md"
  fi
done
echo "report: $out/README.md"
