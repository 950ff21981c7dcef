#!/usr/bin/env sh
# Builds the stride plug-in without Maven: javac and jar against procsim's jar, into build/stride.jar.
#   ./build.sh [PROCSIM_JAR]   (default: ../../reports/target/procsim-VERSION.jar, made by ./procsim or ./mvnw package)
# Needs a JDK 17 or newer.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
procsim=${1:-$(ls "$here"/../../reports/target/procsim-[0-9]*.jar 2>/dev/null | head -n 1 || true)}
procsim=${procsim:-$here/../../reports/target/procsim-VERSION.jar}
if [ ! -e "$procsim" ]; then
    echo "build.sh: $procsim not found; build procsim first (./procsim list, or ./mvnw -q package -DskipTests -pl reports -am)," >&2
    echo "          or give the path of procsim's jar (or of its sim-engine jar) as the argument" >&2
    exit 2
fi
rm -rf "$here/build"
mkdir -p "$here/build/classes"
javac --release 17 -Xlint:all -Werror -cp "$procsim" -d "$here/build/classes" $(find "$here/src/main/java" -name '*.java' | sort)
cp -R "$here/src/main/resources/." "$here/build/classes/"
jar --create --file "$here/build/stride.jar" -C "$here/build/classes" .
echo "$here/build/stride.jar"
