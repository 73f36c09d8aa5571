# shellcheck shell=bash
# Sourced by the scripts: one build directory outside the clone, shared by every checkout on the
# machine, so a fresh clone reuses the previous build.
depin_cache="$HOME/.cache/depin-node"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$depin_cache/target}"
export DEPIN_NODE="${DEPIN_NODE:-$CARGO_TARGET_DIR/release/depin-node}"
# Tools the lint step installs from crates.io (zepter), next to the build.
export DEPIN_TOOLS="${DEPIN_TOOLS:-$depin_cache/tools}"
