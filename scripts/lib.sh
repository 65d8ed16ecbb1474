#!/usr/bin/env bash
# Shared by scripts/*: finds the project root, the JDK (25, else the newest of 21 or later),
# the project's Python virtual environment and the Node engine. Sourced, never run.
set -euo pipefail

DBXCP_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DBXCP_ROOT
log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

java_major() { # prints the major version of the java at $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/{print $2; exit}'
}

find_jdk() {
  # Candidates: JAVA_HOME, every JDK under the usual roots, the java on PATH. Best major wins.
  local best="" best_major=0 cand major
  local -a cands=()
  [ -n "${JAVA_HOME:-}" ] && cands+=("$JAVA_HOME")
  for d in /usr/lib/jvm/* /opt/java/* /opt/jdk* /usr/local/jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -x "$d/bin/javac" ] && cands+=("$d")
  done
  if command -v javac >/dev/null 2>&1; then
    cands+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  for cand in "${cands[@]}"; do
    [ -x "$cand/bin/java" ] && [ -x "$cand/bin/javac" ] || continue
    major=$(java_major "$cand/bin/java"); major=${major%%.*}
    [ -n "$major" ] || continue
    # 25 is the target; above it we still compile for 25.
    if [ "$major" -ge 25 ] && [ "$best_major" -ne 25 ]; then
      if [ "$major" -eq 25 ] || [ "$best_major" -lt 25 ]; then best=$cand; best_major=$major; fi
    elif [ "$major" -ge 21 ] && [ "$best_major" -lt 25 ] && [ "$major" -gt "$best_major" ]; then
      best=$cand; best_major=$major
    fi
  done
  if [ -z "$best" ]; then
    echo "No JDK 21 or later found (looked at JAVA_HOME, /usr/lib/jvm, /opt). Install one, e.g. apt-get install openjdk-21-jdk-headless." >&2
    return 1
  fi
  export JAVA_HOME="$best"
  export PATH="$JAVA_HOME/bin:$PATH"
  if [ "$best_major" -ge 25 ]; then DBXCP_JAVA_RELEASE=25; else DBXCP_JAVA_RELEASE=$best_major; fi
  export DBXCP_JAVA_RELEASE
}

ensure_maven() {
  if ! command -v mvn >/dev/null 2>&1; then
    log "installing Maven (apt)"
    apt-get update -qq && apt-get install -y -qq maven >/dev/null
  fi
}

mvn_() { # Maven with the chosen JDK and release, quiet and batch
  mvn -B -q -Djava.release="$DBXCP_JAVA_RELEASE" "$@"
}

python_venv() { # python_venv DIR REQUIREMENTS WHAT: a venv with exactly these pinned packages, skipped when it has them
  local dir=$1 req=$2 what=$3 stamp="$1/.requirements.sha"
  local want; want=$(sha256sum "$req" | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return 0; fi
  log "setting up $what in ${dir#"$DBXCP_ROOT"/}"
  [ -d "$dir" ] || "$(command -v python3)" -m venv "$dir"
  echo '*' > "$dir/.gitignore" # a venv ignores itself, as venvs of Python 3.13 and later do
  "$dir/bin/pip" install -q --disable-pip-version-check -r "$req"
  echo "$want" > "$stamp"
}

VENV="$DBXCP_ROOT/.venv"
ensure_venv() { # moto server, cfn-lint and its serverless rules, the SAM CLI (scripts/requirements.txt)
  python_venv "$VENV" "$DBXCP_ROOT/scripts/requirements.txt" "the Python tools (moto, cfn-lint, SAM CLI)"
}

CHECKOV_VENV="$DBXCP_ROOT/.venv-checkov"
ensure_checkov_venv() { # checkov (scripts/requirements-checkov.txt), apart: it pins a boto3 the SAM CLI's cannot live with
  python_venv "$CHECKOV_VENV" "$DBXCP_ROOT/scripts/requirements-checkov.txt" "checkov"
}

ensure_node_modules() {
  # npm dev dependencies: the ASL engine, asl-validator, and Node 22+ as a package (the machine's
  # node may be older). Skipped when package-lock.json has not changed since the last install.
  local stamp="$DBXCP_ROOT/node_modules/.lock.sha" want
  want=$(sha256sum "$DBXCP_ROOT/package-lock.json" 2>/dev/null | cut -d' ' -f1 || true)
  if [ -n "$want" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return 0; fi
  log "installing npm dev dependencies (Node 22+, aws-local-stepfunctions, asl-validator)"
  (cd "$DBXCP_ROOT" && if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error; else npm install --no-audit --no-fund --loglevel=error; fi)
  want=$(sha256sum "$DBXCP_ROOT/package-lock.json" | cut -d' ' -f1)
  echo "$want" > "$stamp"
}

node22() { # the project's own Node (22+), installed by npm as a dev dependency
  echo "$DBXCP_ROOT/node_modules/node/bin/node"
}
