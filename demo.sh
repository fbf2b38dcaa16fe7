#!/usr/bin/env bash
# Runs Keycloak 26.7.3 with the extension and the demo realm, a mail sink and an SMS gateway stub, and an
# outbox page showing what was sent. Needs only a JDK 17+ and Maven. Stop with Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")"

# build the provider jar (and test classes), unpack the official distribution into target/, then run the demo
exec mvn -B -q -DskipTests package dependency:unpack@unpack-keycloak exec:java@demo
