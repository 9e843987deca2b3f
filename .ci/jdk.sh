# shellcheck shell=bash
# JDK selection shared by ./bastion and .ci/run. Source it, then call bastion_select_jdk.
#
# Order: $JAVA_HOME if it is a JDK 21+, else the `java` on PATH if it belongs to a JDK 21+,
# else the newest JDK 21+ under ${BASTION_JVM_DIR:-/usr/lib/jvm}. A "JDK" has bin/java and bin/javac
# (Maven compiles, so a bare JRE is not enough).
#
# On success sets and exports JAVA_HOME, puts $JAVA_HOME/bin first on PATH, and sets
# BASTION_JAVA (the java binary), BASTION_JAVA_VERSION (e.g. 25.0.1) and BASTION_JAVA_ORIGIN
# (where it was found). On failure prints why on stderr and returns 1.

BASTION_MIN_JAVA=21

# Prints the full version ("25.0.1", "17.0.15", "1.8.0_402") of the JDK at $1, or nothing.
bastion_jdk_version() {
  local home=$1 v=""
  [[ -x "$home/bin/java" ]] || return 1
  if [[ -r "$home/release" ]]; then
    v=$(sed -n 's/^JAVA_VERSION="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$home/release" | head -n 1)
  fi
  if [[ -z "$v" ]]; then
    # No release file: ask the JVM itself.
    v=$("$home/bin/java" -XshowSettings:properties -version 2>&1 \
        | sed -n 's/^ *java\.version = *//p' | head -n 1)
  fi
  [[ -n "$v" ]] || return 1
  printf '%s\n' "$v"
}

# Major version from a full version string: 1.8.0_402 -> 8, 21.0.5 -> 21, 25 -> 25.
bastion_java_major() {
  local v=$1
  [[ $v == 1.* ]] && v=${v#1.}
  v=${v%%[!0-9]*}
  printf '%s\n' "${v:-0}"
}

# Succeeds (printing the version) if $1 is the home of a JDK of at least BASTION_MIN_JAVA.
bastion_jdk_ok() {
  local home=$1 v
  [[ -n "$home" && -x "$home/bin/java" && -x "$home/bin/javac" ]] || return 1
  v=$(bastion_jdk_version "$home") || return 1
  (( $(bastion_java_major "$v") >= BASTION_MIN_JAVA )) || return 1
  printf '%s\n' "$v"
}

bastion_select_jdk() {
  local home="" v="" origin="" seen=() java_bin candidate
  if [[ -n "${JAVA_HOME:-}" ]]; then
    seen+=("JAVA_HOME=$JAVA_HOME")
    if v=$(bastion_jdk_ok "$JAVA_HOME"); then
      home=$JAVA_HOME; origin="JAVA_HOME"
    fi
  fi
  if [[ -z "$home" ]] && java_bin=$(command -v java 2>/dev/null); then
    # /usr/bin/java -> /etc/alternatives/java -> /usr/lib/jvm/X/bin/java
    candidate=$(readlink -f "$java_bin" 2>/dev/null || printf '%s' "$java_bin")
    candidate=$(dirname "$(dirname "$candidate")")
    seen+=("java on PATH ($candidate)")
    if v=$(bastion_jdk_ok "$candidate"); then
      home=$candidate; origin="java on PATH"
    fi
  fi
  if [[ -z "$home" ]]; then
    local dir=${BASTION_JVM_DIR:-/usr/lib/jvm} best="" best_v="" cv real
    local -A seen_homes=()
    if [[ -d "$dir" ]]; then
      for candidate in "$dir"/*; do
        [[ -d "$candidate" ]] || continue
        real=$(readlink -f "$candidate" 2>/dev/null || printf '%s' "$candidate")
        [[ -n "${seen_homes[$real]:-}" ]] && continue
        seen_homes[$real]=1
        cv=$(bastion_jdk_ok "$real") || continue
        # Newest wins (version sort); on a tie the first one found stays.
        if [[ -z "$best" ]] || { [[ "$cv" != "$best_v" ]] \
            && [[ $(printf '%s\n%s\n' "$best_v" "$cv" | sort -V | tail -n 1) == "$cv" ]]; }; then
          best=$real; best_v=$cv
        fi
      done
      seen+=("$dir/*")
    fi
    if [[ -n "$best" ]]; then
      home=$best; v=$best_v; origin="$dir"
    fi
  fi
  if [[ -z "$home" ]]; then
    {
      echo "bastion: no JDK $BASTION_MIN_JAVA or newer found. Looked at:"
      if (( ${#seen[@]} == 0 )); then
        echo "  nothing (no JAVA_HOME, no java on PATH, no ${BASTION_JVM_DIR:-/usr/lib/jvm})"
      else
        printf '  %s\n' "${seen[@]}"
      fi
      echo "  install a JDK $BASTION_MIN_JAVA+ (e.g. Temurin 25) and/or set JAVA_HOME to it."
    } >&2
    return 1
  fi
  export JAVA_HOME=$home
  case ":$PATH:" in
    "$JAVA_HOME/bin:"*) ;;
    *) export PATH="$JAVA_HOME/bin:$PATH" ;;
  esac
  BASTION_JAVA="$JAVA_HOME/bin/java"
  BASTION_JAVA_VERSION=$v
  BASTION_JAVA_ORIGIN=$origin
  return 0
}
