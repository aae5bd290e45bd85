# Verdict's images, built without a registry (sourced by ./verdict: `./verdict images`).
#
# verdict/debian    Debian from Debian's packages: debootstrap into a folder, then `docker import`
# verdict/jdk       the JDK this machine runs Verdict with, imported at /opt/java/openjdk (where
#                   the eclipse-temurin images have theirs)
# verdict/runtimes  the sandbox image: every language runtime     images/grader-worker/Dockerfile
# verdict/grader-worker, verdict/api, verdict/dispatcher, verdict/mongo-standin
#                   the services                                  images/*/Dockerfile
# verdict/rabbitmq, verdict/redis
#                   from Debian's packages                        images/rabbitmq, images/redis
#
# The Dockerfiles are the ones a machine with a registry uses; here they start FROM the two
# imported images instead (build arguments BASE and JDK_IMAGE). Each image is tagged with a hash
# of everything it is built from (its Dockerfile, the files it copies, the jar, its parent
# images' tags), and built only when no image has that tag yet; each is also tagged `local`, the
# tag docker-compose.yml uses. The RUN steps that install Debian packages reach Debian's mirror
# through the host's network (`docker build --network host`), as apt on the host does; containers
# started from the images get no network from this.
#
# Needs from the caller: ROOT, LOGS, JAVA_HOME (a JDK 21 or newer), say, die, as_root,
# ensure_packages, ensure_engine.

IMAGE_SUITE="${VERDICT_DEBIAN_SUITE:-bookworm}"
IMAGE_MIRROR="${VERDICT_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
IMAGE_CACHE="${VERDICT_IMAGE_CACHE:-/var/cache/verdict/images}"
IMAGE_SERVICES=(api dispatcher mongo-standin)

# The first 16 hex digits of the SHA-256 of the arguments and of the files they name.
content_hash() {
  local item
  for item in "$@"; do
    if [ -d "$item" ]; then
      (cd "$item" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
    elif [ -f "$item" ]; then
      sha256sum <"$item"
    else
      printf '%s\n' "$item"
    fi
  done | sha256sum | cut -c1-16
}

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

image_debian() { # -> tag
  local hash tag dir
  hash="$(content_hash "$ROOT/images/debian/rootfs.sh" "$IMAGE_SUITE" "$IMAGE_MIRROR")"
  tag="verdict/debian:$hash"
  # why: the caller reads this function's standard output as the tag, so everything the build
  # prints (apt, debootstrap) goes to standard error.
  if ! image_exists "$tag"; then
    {
      command -v debootstrap >/dev/null || ensure_packages debootstrap
      dir="$IMAGE_CACHE/rootfs-$hash"
      as_root rm -rf "$dir"
      local began=$SECONDS
      say "building $tag: debootstrap $IMAGE_SUITE from $IMAGE_MIRROR"
      as_root "$ROOT/images/debian/rootfs.sh" "$dir" "$IMAGE_SUITE" "$IMAGE_MIRROR" "$IMAGE_CACHE/debs"
      as_root tar -C "$dir" --numeric-owner -c . | docker import \
        --change 'CMD ["bash"]' --change 'ENV LANG=C.UTF-8' - "$tag" >/dev/null
      as_root rm -rf "$dir"
      say "built $tag in $((SECONDS - began)) s"
    } >&2
  fi
  docker tag "$tag" verdict/debian:local
  echo "$tag"
}

image_jdk() { # -> tag
  local hash tag
  hash="$(content_hash "$JAVA_HOME/release" "$(cd "$JAVA_HOME" && find . -type f -printf '%P %s\n' | LC_ALL=C sort)")"
  tag="verdict/jdk:$hash"
  if ! image_exists "$tag"; then
    say "building $tag from $JAVA_HOME" >&2
    tar -C "$JAVA_HOME" --numeric-owner --owner=0 --group=0 \
      --transform 's,^\.,opt/java/openjdk,' -c . |
      docker import --change 'ENV JAVA_HOME=/opt/java/openjdk' - "$tag" >/dev/null
  fi
  echo "$tag"
}

# image_build NAME TAG_HASH_INPUTS... -- DOCKER_BUILD_ARGS...: builds verdict/NAME unless built.
image_build() {
  local name="$1" inputs=() hash tag
  shift
  while [ "$1" != -- ]; do inputs+=("$1"); shift; done
  shift
  hash="$(content_hash "$name" "${inputs[@]}" "$@")"
  tag="verdict/$name:$hash"
  if ! image_exists "$tag"; then
    say "building $tag (log $LOGS/images/$name.log)" >&2
    mkdir -p "$LOGS/images"
    local began=$SECONDS
    (cd "$ROOT" && docker build --network host -t "$tag" "$@" .) >"$LOGS/images/$name.log" 2>&1 ||
      die "building $tag failed; see $LOGS/images/$name.log"
    say "built $tag in $((SECONDS - began)) s" >&2
  fi
  docker tag "$tag" "verdict/$name:local"
  echo "$tag"
}

# verdict/sandbox-root:local, the Docker sandbox's image (worker.sandbox: docker): an empty root
# with the mount points of the host's /usr, /etc/ld.so.cache and the root links into /usr, which
# the worker binds read-only from the engine's host. A few kilobytes; imported when missing.
image_sandbox_root() {
  local tag=verdict/sandbox-root:local dir entry
  image_exists "$tag" && return 0
  dir="$(mktemp -d)"
  mkdir -p "$dir"/{usr,box,tmp,proc,dev,sys,etc}
  : >"$dir/etc/ld.so.cache"
  for entry in bin sbin lib lib64 lib32 libx32; do
    if [ -L "/$entry" ]; then
      ln -s "$(readlink "/$entry")" "$dir/$entry"
    elif [ -d "/$entry" ]; then
      mkdir "$dir/$entry"
    fi
  done
  tar -C "$dir" --numeric-owner --owner=0 --group=0 -c . | docker import - "$tag" >/dev/null
  rm -rf "$dir"
  say "imported $tag" >&2
}

jar_of() { ls "$ROOT/$1/target/$1"-*-all.jar; }

# Builds every image that is missing and writes their tags to $1 (KEY=value lines, compose's
# --env-file format): DEBIAN_IMAGE, JDK_IMAGE, RUNTIMES_IMAGE, GRADER_WORKER_IMAGE, API_IMAGE, ...
build_images() {
  local out="$1" debian jdk module tag tags=()
  ensure_engine
  image_sandbox_root
  debian="$(image_debian)"
  jdk="$(image_jdk)"
  tags+=("DEBIAN_IMAGE=$debian" "JDK_IMAGE=$jdk")
  local base=(--build-arg "BASE=$debian" --build-arg "JDK_IMAGE=$jdk")
  tag="$(image_build runtimes "$ROOT/images/grader-worker/Dockerfile" -- \
    -f images/grader-worker/Dockerfile --target runtimes "${base[@]}")"
  tags+=("RUNTIMES_IMAGE=$tag")
  tag="$(image_build grader-worker "$ROOT/images/grader-worker" "$(jar_of grader-worker)" -- \
    -f images/grader-worker/Dockerfile "${base[@]}")"
  tags+=("GRADER_WORKER_IMAGE=$tag")
  for module in "${IMAGE_SERVICES[@]}"; do
    tag="$(image_build "$module" "$ROOT/images/service" "$ROOT/examples/problems" \
      "$(jar_of "$module")" -- -f images/service/Dockerfile "${base[@]}" --build-arg "MODULE=$module")"
    tags+=("$(echo "$module" | tr a-z- A-Z_)_IMAGE=$tag")
  done
  tag="$(image_build rabbitmq "$ROOT/images/rabbitmq" -- -f images/rabbitmq/Dockerfile \
    --build-arg "BASE=$debian")"
  tags+=("RABBITMQ_IMAGE=$tag")
  tag="$(image_build redis "$ROOT/images/redis" -- -f images/redis/Dockerfile \
    --build-arg "BASE=$debian")"
  tags+=("REDIS_IMAGE=$tag")
  printf '%s\n' "${tags[@]}" >"$out"
}
