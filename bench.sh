#!/usr/bin/env bash
# The benchmark (docs/performance.md). Builds the provider jar and test classes, unpacks the distribution, then:
#   ./bench.sh [-Dbench.users=50 -Dbench.duration=PT5M ...]        load: stock reset vs phone path vs forgot username
#   ./bench.sh scale [-Dbench.levels=1000,1000000 ...]               lookups at 1k and 1M accounts on PostgreSQL
# Needs a JDK 17+ and Maven; 'scale' also needs initdb, pg_ctl and psql (PostgreSQL 15) on the PATH.
set -euo pipefail
cd "$(dirname "$0")"

mode=load
if [ "${1:-}" = scale ]; then
    mode=scale
    shift
fi
exec mvn -B -q -DskipTests package dependency:unpack@unpack-keycloak exec:java@bench -Dbench.mode="$mode" "$@"
