# Ahead-of-time caches for the services' own JVMs (sourced by ./verdict, and by
# system-tests' ServiceAotCacheIT).
#
# A JVM started with -XX:AOTCache=FILE (JDK 25: JEPs 483, 514 and 515) maps the classes a training
# run loaded and linked, and the method profiles it gathered, from FILE instead of loading, linking
# and profiling them again, so a service starts faster and its compiler works from the training
# run's profiles from the first request on. A training run is an ordinary run with
# -XX:AOTCacheOutput=FILE; the JVM writes FILE as it exits (SIGTERM included).
#
# Each cache is named after its service and a key: a hash of the jar's content, of the JDK (its
# release file and libjvm.so) and of the JVM options. A cache is therefore only ever offered to the
# jar, JDK and options it was made with: a rebuilt jar, another JDK or other VERDICT_JAVA_OPTS get
# a new key, no cache, and a new training run, and keeping the new cache removes the old one. A JVM
# that still cannot use a cache it is given (a damaged file, say) says so on its output and runs
# without it; aot_verify finds that in the service's log and removes the file.
#
# Needs from the caller: JAVA_HOME, AOT_DIR (the caches' folder).

aot_java_opts() { printf '%s' "${VERDICT_JAVA_OPTS:--XX:+UseSerialGC -Xss512k}"; }

AOT_JDK_SUM=""
aot_jdk_sum() {
  if [ -z "$AOT_JDK_SUM" ]; then
    AOT_JDK_SUM="$(cat "$JAVA_HOME/release" "$JAVA_HOME/lib/server/libjvm.so" | sha256sum | cut -c1-64)"
  fi
  printf '%s' "$AOT_JDK_SUM"
}

aot_key() { # jar -> 16 hex digits
  local jdk
  jdk="$(aot_jdk_sum)"
  { sha256sum <"$1"; printf '%s\n%s\n' "$jdk" "$(aot_java_opts)"; } | sha256sum | cut -c1-16
}

aot_cache() { # name jar -> the path of its cache, whether or not it exists
  printf '%s/%s-%s.aot\n' "$AOT_DIR" "$1" "$(aot_key "$2")"
}

# Sets AOT_OPTS to the JVM options that start NAME from its cache, or to nothing without one.
aot_opts() { # name jar
  local cache
  cache="$(aot_cache "$1" "$2")"
  AOT_OPTS=()
  if [ -f "$cache" ]; then AOT_OPTS=("-XX:AOTCache=$cache"); fi
}

# Sets AOT_OPTS to the JVM options of a training run of NAME, which writes its cache on exit.
aot_training_opts() { # name
  mkdir -p "$AOT_DIR/training"
  rm -f "$AOT_DIR/training/$1.aot" "$AOT_DIR/training/$1.aot.config"
  AOT_OPTS=("-XX:AOTCacheOutput=$AOT_DIR/training/$1.aot")
}

# After a training run of NAME has exited: keeps the cache it wrote under the jar's key and removes
# NAME's caches of other keys. Fails when the run wrote none.
aot_keep() { # name jar
  local made="$AOT_DIR/training/$1.aot" cache old
  [ -s "$made" ] || return 1
  cache="$(aot_cache "$1" "$2")"
  for old in "$AOT_DIR/$1"-*.aot; do
    [ -e "$old" ] && [ "$old" != "$cache" ] && rm -f "$old"
  done
  mv -f "$made" "$cache"
}

# After NAME started with its cache and logged to LOG: if the JVM reported that it could not use
# the cache, removes the file (the next training run makes it again) and fails.
aot_verify() { # name jar log
  local cache
  cache="$(aot_cache "$1" "$2")"
  [ -f "$cache" ] || return 0
  if grep -q -E '^\[[^]]*\]\[(warning|error) *\]\[aot' "$3" 2>/dev/null; then
    rm -f "$cache"
    return 1
  fi
  return 0
}
