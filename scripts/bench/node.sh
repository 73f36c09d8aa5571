# shellcheck shell=bash
# Sourced by the benchmark scripts: builds depin-node with `--features runtime-benchmarks` in its
# own target dir (so the main build stays warm) and sets `node_bin` and `runtime_wasm`.
source scripts/env.sh

bench_target="${CARGO_TARGET_DIR%/}-bench"
CARGO_TARGET_DIR="$bench_target" cargo build --release --locked -p depin-node --features runtime-benchmarks
# shellcheck disable=SC2034 # read by the scripts that source this file
node_bin="$bench_target/release/depin-node"
# shellcheck disable=SC2034
runtime_wasm="$bench_target/release/wbuild/depin-runtime/depin_runtime.compact.compressed.wasm"
