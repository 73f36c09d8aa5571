"""Draws flood runs (flood.json) as one PNG: witness reports stored (signatures verified) and
judged at reveals, and transfers, included per second, block by block over the run, with the
node's CPU and the blocks' weight fullness.

    python3 plot.py OUT.png RUN.json [RUN.json ...]
"""
import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

BLOCK_SECONDS = 6


def main(target, sources):
    fig, (rate, load) = plt.subplots(2, 1, figsize=(12, 8), sharex=True, gridspec_kw={"height_ratios": [2, 1]})
    for source in sources:
        with open(source) as f:
            run = json.load(f)
        blocks = [b for b in run["blocks"] if b["phase"] != "idle"]
        start = blocks[0]["timestamp"]
        minutes = [(b["timestamp"] - start) / 60_000 for b in blocks]
        scheme = run["config"]["scheme"]
        rate.plot(minutes, [b["witnesses"] / BLOCK_SECONDS for b in blocks], label=f"witness reports stored/s ({scheme} fleet)")
        rate.plot(minutes, [b["judged"] / BLOCK_SECONDS for b in blocks], alpha=0.7, label=f"witness reports judged at reveals/s ({scheme} fleet)")
        rate.plot(minutes, [b["transfers"] / BLOCK_SECONDS for b in blocks], linestyle="--", label=f"transfers/s (same node, after the {scheme} flood)")
        load.plot(minutes, [100 * b["weightFullness"] for b in blocks], label=f"block weight % ({scheme})")
        samples = run["process"]
        # One block's worth of one-second samples, averaged: the node works in bursts per block.
        cpu = [100 * sum(s["cpu"] for s in samples[max(0, i - BLOCK_SECONDS + 1) : i + 1]) / min(i + 1, BLOCK_SECONDS) for i in range(len(samples))]
        load.plot([(s["t"] - start) / 60_000 for s in samples], cpu, alpha=0.7, label=f"node CPU % of one core, 6 s mean ({scheme})")
    rate.axhline(2000, color="grey", linewidth=0.8, linestyle=":", label="target: 2,000 witness reports/s")
    rate.set_ylabel("included per second (per block / 6 s)")
    rate.set_title("Flood on one 2-core dev validator: included per block")
    rate.legend(loc="upper right", fontsize=8)
    load.set_xlabel("minutes since the flood started (warm-up included)")
    load.set_ylabel("%")
    load.legend(loc="upper right", fontsize=8)
    fig.tight_layout()
    fig.savefig(target, dpi=110)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
