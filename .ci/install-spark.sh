#!/usr/bin/env bash
# Installs Apache Spark 4.1 with Delta Lake 4.4 into <repo>/.engines/spark/ for the Spark tests
# (test/support/spark-server.ts starts a Thrift server from it). Idempotent: each step is skipped
# when its result is already there. Needs python3 (venv), Java 17 and Maven on the PATH.
#
# Why these pieces (measured in the Spark spike):
# - pyspark from PyPI ships Spark itself, including the Thrift server jar (but no start script).
# - Delta's two jars come from Maven Central and go on spark.driver.extraClassPath; the Thrift
#   server cannot load them through --packages (https://github.com/delta-io/delta/issues/1332).
# - delta-spark 4.4.1's jar is not on Maven Central, hence 4.4.0.
set -euo pipefail
cd "$(dirname "$0")/.."
BASE="$PWD/.engines/spark"
PYSPARK_VERSION=4.1.1
DELTA_VERSION=4.4.0
mkdir -p "$BASE/jars"

if ! "$BASE/venv/bin/python" -c "import pyspark, sys; sys.exit(pyspark.__version__ != '$PYSPARK_VERSION')" 2>/dev/null; then
  echo "== pyspark $PYSPARK_VERSION + delta-spark $DELTA_VERSION (PyPI) into $BASE/venv"
  rm -rf "$BASE/venv"
  python3 -m venv "$BASE/venv"
  "$BASE/venv/bin/pip" install --quiet --disable-pip-version-check "pyspark==$PYSPARK_VERSION" "delta-spark==$DELTA_VERSION"
fi

for artifact in "io.delta:delta-spark_4.1_2.13:$DELTA_VERSION" "io.delta:delta-storage:$DELTA_VERSION"; do
  IFS=: read -r _ name version <<<"$artifact"
  if [ ! -f "$BASE/jars/$name-$version.jar" ]; then
    echo "== $artifact (Maven Central) into $BASE/jars"
    mvn -q -B dependency:copy -Dartifact="$artifact" -DoutputDirectory="$BASE/jars"
  fi
done

spark_home="$("$BASE/venv/bin/python" -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))')"
test -x "$spark_home/bin/spark-submit"
ls "$spark_home"/jars/spark-hive-thriftserver_*.jar >/dev/null
echo "Spark $PYSPARK_VERSION with Delta $DELTA_VERSION is in $BASE (SPARK_HOME=$spark_home)"
