# Selects a JDK 21 or newer for ./mvnw and ./openenos (POSIX sh, sourced by both).
#
# The build compiles with --release 21 and the server needs Java 21 to run. Many machines have an older `java` first
# on the PATH with a newer JDK installed beside it; rather than fail with "release version 21 not supported", use
# JAVA_HOME when it is recent enough, else the `java` on the PATH, else the newest JDK 21+ found in the usual places.
# Exports JAVA_HOME (and puts its bin first on PATH) or explains what to install and returns 1.

openenos_required_java=21

# The major version of the JDK or JRE at $1, read from its `release` file or, failing that, from `java -version`.
openenos_java_major() {
  _v=""
  if [ -r "$1/release" ]; then
    _v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" | head -n 1)
  fi
  if [ -z "$_v" ] && [ -x "$1/bin/java" ]; then
    _v=$("$1/bin/java" -version 2>&1 | sed -n 's/.* version "\([0-9]*\).*/\1/p' | head -n 1)
  fi
  # Java 8 and older report "1.x"
  [ "$_v" = 1 ] && _v=8
  printf %s "${_v:-0}"
}

# Whether $1 is a Java home of version 21+ with the tools needed ($2: "javac" for a build, "java" to run).
openenos_usable_jdk() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/$2" ] && [ "$(openenos_java_major "$1")" -ge "$openenos_required_java" ]
}

# $1: "javac" (build) or "java" (run).
openenos_select_jdk() {
  _tool="${1:-java}"
  _found=""
  _seen=""
  if [ -n "${JAVA_HOME-}" ]; then
    if openenos_usable_jdk "$JAVA_HOME" "$_tool"; then
      return 0
    fi
    _seen="JAVA_HOME=$JAVA_HOME (Java $(openenos_java_major "$JAVA_HOME"))"
  fi
  if _java=$(command -v java 2>/dev/null); then
    # /usr/bin/java is usually a chain of links to <home>/bin/java
    _home=$(dirname "$(dirname "$(readlink -f "$_java" 2>/dev/null || printf %s "$_java")")")
    if openenos_usable_jdk "$_home" "$_tool"; then
      JAVA_HOME="$_home"
      export JAVA_HOME
      return 0
    fi
    _seen="${_seen:+$_seen and }$_java (Java $(openenos_java_major "$_home"))"
  fi
  _best=0
  case $- in *f*) _noglob=1 ;; *) _noglob=0 ;; esac
  set +f
  # OPENENOS_JDK_CANDIDATES: patterns of Java homes to consider instead of the usual places (for tests)
  _h="${HOME:-/nonexistent}"
  for _home in ${OPENENOS_JDK_CANDIDATES:-/usr/lib/jvm/* /usr/java/* /usr/local/lib/jvm/* /opt/java/* /opt/jdk* \
    /opt/homebrew/opt/openjdk*/libexec/openjdk.jdk/Contents/Home /Library/Java/JavaVirtualMachines/*/Contents/Home \
    $_h/.sdkman/candidates/java/* $_h/.jdks/* $_h/.asdf/installs/java/*}; do
    if openenos_usable_jdk "$_home" "$_tool"; then
      _major=$(openenos_java_major "$_home")
      if [ "$_major" -gt "$_best" ]; then
        _best=$_major
        _found=$_home
      fi
    fi
  done
  [ "$_noglob" = 1 ] && set -f
  if [ -n "$_found" ]; then
    [ "${MVNW_VERBOSE-}" != true ] || printf 'Using the JDK at %s (found %s)\n' "$_found" "${_seen:-no java}" >&2
    JAVA_HOME="$_found"
    PATH="$_found/bin:$PATH"
    export JAVA_HOME PATH
    return 0
  fi
  {
    printf 'OpenEnOS needs a JDK %s or newer, and none was found' "$openenos_required_java"
    [ -z "$_seen" ] || printf ' (there is %s)' "$_seen"
    printf '.\n'
    printf 'Install one, for example Eclipse Temurin 21 or 25 (https://adoptium.net), or openjdk-21-jdk from your\n'
    printf 'package manager, then run the command again (or set JAVA_HOME to that JDK).\n'
  } >&2
  return 1
}
