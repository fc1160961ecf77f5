#!/usr/bin/env bash
# Starts Emporium on its embedded defaults: embedded PostgreSQL keeping data in ./data/postgres,
# in-process cache, demo data loaded on the first start. Extra arguments go to the application,
# e.g. scripts/start.sh --server.port=9090
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-home.sh
jar=app/target/emporium.jar
if [ ! -f "$jar" ] || [ -n "$(find app/src pom.xml app/pom.xml -newer "$jar" -print -quit)" ]; then
  ./mvnw -q -B -ntp -DskipTests -pl app -am package
fi
exec "$JAVA_HOME/bin/java" -XX:+UseG1GC -Xms512m -Xmx1g -jar "$jar" "$@"
