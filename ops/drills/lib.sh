# Shared by the fault drills (sourced, not a drill): build once, run the Java drill driver.
# The driver (ops/drills/Drill.java, a single-file program) runs on the verify-api's test classpath:
# it reuses the verify-api test Fixture, the ops AsyncLoad load generator and the real VerifyMain.
DRILLS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DRILLS_DIR="$DRILLS_ROOT/ops/drills"

# drill_build: builds verify-api (and what it needs) once per source change; sets DRILL_CP.
drill_build() {
  local target="$DRILLS_ROOT/verify-api/target" cp_file="$DRILLS_ROOT/verify-api/target/drills.classpath"
  local mvn=("$DRILLS_ROOT/mvnw" -B -q)
  [[ -d "${HOME}/.m2/repository/io/vertx/vertx-core" ]] && mvn+=(-o)
  local newest_src newest_build
  newest_src="$(find "$DRILLS_ROOT"/{verify-api,ops,scanner-sdk,service-config,access}/src "$DRILLS_ROOT/pom.xml" -type f -printf '%T@\n' 2>/dev/null | sort -n | tail -1)"
  newest_build="$(stat -c %Y "$cp_file" 2>/dev/null || echo 0)"
  if [[ ! -f "$cp_file" ]] || awk -v s="${newest_src:-0}" -v b="$newest_build" 'BEGIN { exit !(s > b) }'; then
    echo "drills: building verify-api with its test classes (mvnw -pl verify-api -am install -DskipTests)" >&2
    (cd "$DRILLS_ROOT" && "${mvn[@]}" -pl verify-api -am install -DskipTests -Dmarkauth.stack.skip=true >&2 \
      && "${mvn[@]}" -pl verify-api dependency:build-classpath -Dmdep.includeScope=test \
           -Dmdep.outputFile="$cp_file" >&2 && touch "$cp_file") || { echo "drills: build failed" >&2; return 1; }
  fi
  DRILL_CP="$target/test-classes:$target/classes:$(cat "$cp_file")"
}

# drill_run SCENARIO [--option=value ...]: runs the driver with a fresh work folder; its last line
# is "DRILL <scenario> PASS|FAIL <figures>". The work folder (logs, spill files) is kept on failure.
drill_run() {
  local scenario="$1"; shift
  drill_build || return 1
  local work; work="$(mktemp -d "${TMPDIR:-/tmp}/markauth-drill-$scenario.XXXXXX")"
  echo "drills: $scenario: work folder $work" >&2
  local rc=0
  # compiled once per run (javac), then run on the same classpath
  javac -nowarn -d "$work/classes" -cp "$DRILL_CP" "$DRILLS_DIR/Drill.java" || return 1
  # A loaded three-node cluster takes longer than the driver's default 10 s to agree on a new table.
  # The drill's own setup writes (programme, trust list, marks) at LOCAL_QUORUM, as the issuer does, so
  # that the verify-api's LOCAL_QUORUM reads find them on a freshly booted cluster.
  java -Xmx768m -XX:+UseParallelGC -Dlogback.configurationFile="$DRILLS_DIR/logback-drill.xml" \
    -Ddatastax-java-driver.advanced.control-connection.schema-agreement.timeout="120 seconds" \
    -Ddatastax-java-driver.basic.request.consistency=LOCAL_QUORUM \
    -cp "$work/classes:$DRILL_CP" org.markauth.drills.Drill "$scenario" --work="$work" "$@" || rc=$?
  if [[ $rc == 0 && "${DRILL_KEEP:-false}" != true ]]; then rm -rf "$work"; else echo "drills: kept $work" >&2; fi
  return $rc
}
