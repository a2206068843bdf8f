# Shared by the fault drills (sourced, not a drill): build once, run the Java drill driver.
# The driver is the ops/drills module (DrillMain, one class per drill): it builds on test-support
# (fresh keyspace, trust list, registry rows written as the issuer writes them), ops' AsyncLoad
# load generator and the real VerifyMain, which it runs as a child process so that it can be killed (the
# hostile drill also runs the real mark-issuer, IssuerCli serve, as a second child process).
DRILLS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DRILLS_DIR="$DRILLS_ROOT/ops/drills"

# drill_build: compiles the drills module and what it needs (in the reactor: nothing is installed)
# once per source change; sets DRILL_CP to the compiled classes and their dependencies.
drill_build() {
  local cp_file="$DRILLS_DIR/target/drills.classpath"
  local mvn=("$DRILLS_ROOT/mvnw" -B -q)
  [[ -d "${HOME}/.m2/repository/io/vertx/vertx-core" ]] && mvn+=(-o)
  local newest_src newest_build
  newest_src="$(find "$DRILLS_ROOT"/{verify-api,mark-issuer,ops,test-support,scanner-sdk,service-config,service-http,registry-contract,access}/src \
    "$DRILLS_DIR/src" "$DRILLS_ROOT/pom.xml" "$DRILLS_DIR/pom.xml" -type f -printf '%T@\n' 2>/dev/null | sort -n | tail -1)"
  newest_build="$(stat -c %Y "$cp_file" 2>/dev/null || echo 0)"
  if [[ ! -f "$cp_file" ]] || awk -v s="${newest_src:-0}" -v b="$newest_build" 'BEGIN { exit !(s > b) }'; then
    echo "drills: building the drills module (mvnw -pl ops/drills -am compile)" >&2
    # process-classes: the reactor hands each module's target/classes to the next, and the drills
    # module writes its classpath (those folders and the external jars) to target/drills.classpath
    (cd "$DRILLS_ROOT" && "${mvn[@]}" -pl ops/drills -am process-classes -Dmarkauth.stack.skip=true >&2 \
      && touch "$cp_file") || { echo "drills: build failed" >&2; return 1; }
  fi
  DRILL_CP="$DRILLS_DIR/target/classes:$(cat "$cp_file")"
}

# drill_run SCENARIO [--option=value ...]: runs the driver with a fresh work folder; its last line
# is "DRILL <scenario> PASS|FAIL <figures>". The work folder (logs, spill files) is kept on failure.
drill_run() {
  local scenario="$1"; shift
  drill_build || return 1
  local work; work="$(mktemp -d "${TMPDIR:-/tmp}/markauth-drill-$scenario.XXXXXX")"
  echo "drills: $scenario: work folder $work" >&2
  local rc=0
  # A loaded three-node cluster takes longer than the driver's default 10 s to agree on a new table.
  # The drill's own setup writes (programme, trust list, marks) at LOCAL_QUORUM, as the issuer does, so
  # that the verify-api's LOCAL_QUORUM reads find them on a freshly booted cluster.
  java -Xmx768m -XX:+UseParallelGC -Dlogback.configurationFile="$DRILLS_DIR/logback-drill.xml" \
    -Ddatastax-java-driver.advanced.control-connection.schema-agreement.timeout="120 seconds" \
    -Ddatastax-java-driver.basic.request.consistency=LOCAL_QUORUM \
    -cp "$DRILL_CP" org.markauth.drills.DrillMain "$scenario" --work="$work" "$@" || rc=$?
  if [[ $rc == 0 && "${DRILL_KEEP:-false}" != true ]]; then rm -rf "$work"; else echo "drills: kept $work" >&2; fi
  return $rc
}
