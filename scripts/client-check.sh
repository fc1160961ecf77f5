#!/usr/bin/env bash
# The generated-client check: start Emporium (fresh ephemeral database with the demo data), fetch
# the OpenAPI document it serves, generate a Java client from it with openapi-generator-maven-plugin
# and run client-check/'s tests with that client against the running server (list products, read
# one, log in, /me, and two documented errors). Called by .ci/run after ./mvnw verify.
#
#   scripts/client-check.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-home.sh
source scripts/server.sh

WORK=$(mktemp -d /tmp/client-check.XXXXXX)
trap 'server_stop; rm -rf "$WORK"' EXIT
[ -f app/target/emporium.jar ] || ./mvnw -B -ntp -q -DskipTests package
PORT=$(free_port)
server_start "$PORT" "$WORK/data" "$WORK/server.log" --emporium.embedded-db.mode=ephemeral
server_wait_ready "$PORT" 300 || { tail -50 "$WORK/server.log"; exit 1; }
curl -fsS "http://127.0.0.1:$PORT/v3/api-docs" -o "$WORK/openapi.json"
echo "client-check: generating a client from the document served on port $PORT and testing it against that server"
./mvnw -B -ntp -f client-check/pom.xml verify -Dopenapi.spec="$WORK/openapi.json" \
  -Demporium.baseUrl="http://127.0.0.1:$PORT"
