#!/usr/bin/env bash
# Run once before `docker-compose up` (from anywhere): fetches what the compose stack mounts from the host.
#  - .stack/dist: Connect plugins (connect-file, Apicurio converter) and the HBase jars, from Maven Central
#  - .stack/compose/secrets: a generated Redis password (never in the compose file or on a command line)
#  - .stack/compose/schemas-lib: the schemas module and its runtime jars, for the deploy service
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
stack/bin/stack.sh dist
C=.stack/compose
mkdir -p "$C"/secrets "$C"/data/spool/{incoming,finished,error} "$C"/data/driving
chmod 700 "$C/secrets"
if [[ ! -s $C/secrets/redis.password ]]; then
  (umask 077; head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32 >"$C/secrets/redis.password")
  (umask 077; printf 'requirepass %s\n' "$(<"$C/secrets/redis.password")" >"$C/secrets/redis-auth.conf")
fi
# the containers run as their own users: the files are readable, the folder around them is the owner's only
chmod 644 "$C"/secrets/redis.password "$C"/secrets/redis-auth.conf
jar=$(ls schemas/target/smartcar-schemas-*.jar 2>/dev/null | grep -v -e sources -e tests | head -1 || true)
if [[ -n $jar ]]; then
  rm -rf "$C/schemas-lib" && mkdir -p "$C/schemas-lib"
  cp "$jar" "$C/schemas-lib/"
  mvn -B -q -pl schemas dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$ROOT/$C/schemas-lib"
else
  echo "note: schemas/target has no jar yet (mvn -B -q -pl schemas -am install -DskipTests); deploy cannot register schemas" >&2
fi
echo "ready: cd compose && docker-compose up -d && docker-compose run --rm deploy"
