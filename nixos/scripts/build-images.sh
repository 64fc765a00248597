#!/usr/bin/env bash
# build-images.sh SOURCE_DIR: build the OpenCode and memory images from the repository copy on the
# host (opencode-images.service, before the pod). Images are tagged with a hash of their inputs, so
# a rebuild happens only when the Containerfile, the plugin or the memory service changed; the pod
# runs the :current tag, which this script moves.
set -euo pipefail
src="${1:?usage: $0 SOURCE_DIR}"
read -r -a PODMAN_FLAGS <<<"${PODMAN_FLAGS:-}"
pm() { "${PODMAN:-podman}" "${PODMAN_FLAGS[@]}" "$@"; }

# image NAME CONTAINERFILE INPUT_DIR...
image() {
  local name="$1" file="$2"
  shift 2
  local tag
  tag="$(cd "$src" && find "$file" "$@" package.json package-lock.json -type f \
    -not -path '*/node_modules/*' -not -path '*/test/*' -print0 | sort -z | xargs -0 sha256sum |
    sha256sum | cut -c1-16)"
  if pm image exists "localhost/$name:$tag"; then
    echo "build-images: $name:$tag is current" >&2
  else
    echo "build-images: building $name:$tag" >&2
    pm build --pull=missing -f "$src/$file" -t "localhost/$name:$tag" "$src"
  fi
  pm tag "localhost/$name:$tag" "localhost/$name:current"
}

image opencode-memory nixos/containers/memory.Containerfile memory
image opencode-server nixos/containers/opencode.Containerfile plugin memory/src/redact nixos/containers/opencode.json
