# shellcheck shell=bash
# Sourced by the scripts that draw PNGs: sets `plot_python` to a Python with matplotlib, which it
# installs into a virtualenv under the build cache on first use (and python3-venv if missing).
source scripts/env.sh
plot_venv="$depin_cache/sim-venv"
if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
	echo "[plot] installing python3-venv"
	if [ "$(id -u)" -eq 0 ]; then apt-get install -y -qq python3-venv; else sudo apt-get install -y -qq python3-venv; fi
fi
if [ ! -x "$plot_venv/bin/python" ] || ! "$plot_venv/bin/python" -c 'import matplotlib' 2>/dev/null; then
	echo "[plot] installing matplotlib into $plot_venv"
	python3 -m venv "$plot_venv"
	"$plot_venv/bin/pip" install --quiet matplotlib
fi
# shellcheck disable=SC2034 # read by the scripts that source this file
plot_python="$plot_venv/bin/python"
