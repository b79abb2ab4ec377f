#!/usr/bin/env bash
# Runs all of Shoal's tests on a fresh machine: installs what they read, then `./mvnw verify` with a JDK 21+.
#
#   scripts/test.sh                       # about 6-10 minutes on 2 cores
#   scripts/test.sh -B -Dstyle.color=never  # arguments go to ./mvnw, before the 'verify' goal
#
# NEEDS ROOT (or password-less sudo) AND THE NETWORK on a machine without the data: it runs
# scripts/install-data.sh, which installs Debian packages (dataset-fashion-mnist, iproute2, OpenBLAS, liblinear,
# npm) and the SpamAssassin corpus; with everything installed already it needs neither. The multi-process tests
# also put nodes in network namespaces, which needs root.
# The JDK is found as bin/shoal finds Java: $JAVA_HOME, then /usr/lib/jvm/temurin-25-jdk-amd64, then PATH.
set -euo pipefail

home=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cd "$home"

# bin/shoal only defines its functions when sourced; find_java sets JAVA to a java of version 21 or newer.
# shellcheck source=../bin/shoal
source bin/shoal
find_java
jdk=$(dirname "$(dirname "$(readlink -f "$JAVA")")")
[[ -x "$jdk/bin/javac" ]] ||
  die "test: $jdk is a Java runtime without javac; the build needs a JDK $MIN_JAVA+: install one or set JAVA_HOME"
export JAVA_HOME=$jdk
export PATH="$JAVA_HOME/bin:$PATH"
echo "+ JAVA_HOME=$JAVA_HOME (Java $JAVA_MAJOR)"

echo "+ scripts/install-data.sh"
scripts/install-data.sh </dev/null ||
  die "test: what the tests read is not all installed (see above); fix that, then run $0 again"

command=(./mvnw "$@" verify)
echo "+ ${command[*]}"
exec "${command[@]}" </dev/null
