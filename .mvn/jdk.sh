# shellcheck shell=bash
# Finds a JDK >= 21 for Ferrite's two entry points: sourced by ./mvnw (Maven itself must run on
# 21+, because plugins such as the jar tool read our Java 21 module descriptor with the running
# JDK) and by ./ferrite (which runs the CLI on it).
#
#   ferrite_find_jdk   sets FERRITE_JAVA (the java binary) and FERRITE_JDK_HOME (its home) to a
#                      JDK >= FERRITE_MIN_JAVA; returns 1 if there is none.
#
# Order: JAVA_HOME if it is 21+; else `java` on PATH if 21+; else the newest 21+ JDK in the usual
# install places (or in FERRITE_JDK_SEARCH_PATH: colon-separated glob patterns of JDK homes).

FERRITE_MIN_JAVA=21

# Prints $1 with every symlink along the way resolved (portable: no readlink -f on macOS).
ferrite_resolve() {
  local path=$1 dir target
  while [[ -L $path ]]; do
    dir=$(cd -P "$(dirname "$path")" && pwd)
    target=$(readlink "$path")
    [[ $target == /* ]] || target=$dir/$target
    path=$target
  done
  echo "$(cd -P "$(dirname "$path")" && pwd)/$(basename "$path")"
}

# Prints the feature version (17, 21, 25...) of the java binary $1, or nothing if it does not
# run. Reads the JDK's `release` file when there is one (no JVM start), else asks `java -version`.
ferrite_java_major() {
  local java=$1 release version=""
  [[ -x $java && ! -d $java ]] || return 0
  java=$(ferrite_resolve "$java") # e.g. /usr/bin/java -> /usr/lib/jvm/<jdk>/bin/java
  release=$(dirname "$(dirname "$java")")/release
  if [[ -f $release ]]; then
    version=$(sed -n 's/^JAVA_VERSION="\(.*\)"$/\1/p' "$release" | head -n 1)
  fi
  if [[ -z $version ]]; then
    version=$("$java" -version 2>&1 | sed -n 's/^.* version "\([^"]*\)".*$/\1/p' | head -n 1) || true
  fi
  version=${version#1.} # 1.8.0_402 -> 8.0_402
  version=${version%%[^0-9]*}
  [[ -n $version ]] && echo "$version"
  return 0
}

ferrite_find_jdk() {
  local major
  FERRITE_JAVA="" FERRITE_JDK_HOME=""
  if [[ -n ${JAVA_HOME:-} ]]; then
    major=$(ferrite_java_major "$JAVA_HOME/bin/java")
    if [[ -n $major ]] && ((major >= FERRITE_MIN_JAVA)); then
      FERRITE_JAVA=$JAVA_HOME/bin/java FERRITE_JDK_HOME=$JAVA_HOME
      return 0
    fi
  fi
  if command -v java >/dev/null 2>&1; then
    local on_path
    on_path=$(ferrite_resolve "$(command -v java)")
    major=$(ferrite_java_major "$on_path")
    if [[ -n $major ]] && ((major >= FERRITE_MIN_JAVA)); then
      FERRITE_JAVA=$on_path FERRITE_JDK_HOME=$(dirname "$(dirname "$on_path")")
      return 0
    fi
  fi
  local patterns best_major=0 best_home="" pattern home noglob=""
  if [[ -n ${FERRITE_JDK_SEARCH_PATH:-} ]]; then
    IFS=: read -r -a patterns <<<"$FERRITE_JDK_SEARCH_PATH"
  else
    patterns=(
      "/usr/lib/jvm/*"
      "/usr/lib64/jvm/*"
      "/usr/java/*"
      "/Library/Java/JavaVirtualMachines/*/Contents/Home"
      "${HOME:-/nonexistent}/Library/Java/JavaVirtualMachines/*/Contents/Home"
      "${HOME:-/nonexistent}/.sdkman/candidates/java/*"
      "/opt/java/*"
      "/opt/jdk*"
      "${HOME:-/nonexistent}/.jdks/*"
    )
  fi
  [[ $- == *f* ]] && noglob=1 && set +f # the caller may have turned globbing off (mvnw does)
  local IFS=$'\n' # split nothing but newlines, so that globs may contain spaces
  for pattern in "${patterns[@]}"; do
    for home in $pattern; do # unquoted on purpose: expands the glob
      [[ -x $home/bin/java ]] || continue
      major=$(ferrite_java_major "$home/bin/java")
      if [[ -n $major ]] && ((major > best_major)); then
        best_major=$major best_home=$home
      fi
    done
  done
  [[ -n $noglob ]] && set -f
  if ((best_major >= FERRITE_MIN_JAVA)); then
    FERRITE_JAVA=$best_home/bin/java FERRITE_JDK_HOME=$best_home
    return 0
  fi
  return 1
}
