"""Draws the fleet simulator's result (fleet.json) as one PNG: the map of claimed locations
coloured by reward with cheaters marked, and the mean reward per device per epoch by group.

    python3 scripts/sim/plot.py DIR/fleet.json DIR/fleet.png
"""
import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

MARKERS = {
    "honest": ("o", "honest"),
    "farm": ("s", "farm (8 in one spot)"),
    "blind witness": ("^", "blind witnesses (no radio, guessed payloads)"),
    "closed group": ("v", "closed group (5 alone in the country)"),
    "false location": ("X", "false location (claims Lyon)"),
    "relay ring": ("D", "relay ring (internet relay)"),
    "loud beaconer": ("P", "loud beaconers (1 kHz, 3,277 dBm)"),
    "control": ("h", "control (a cell of its own)"),
    "griefed": ("H", "griefed (idle keys asserted into its cell)"),
    "idle keys": ("*", "idle keys (never beacon nor witness)"),
}


def main(source, target):
    with open(source) as f:
        fleet = json.load(f)
    devices = fleet["devices"]
    fig, (near, far, curve) = plt.subplots(
        1, 3, figsize=(19, 6.5), gridspec_kw={"width_ratios": [1.25, 0.8, 1.1]}
    )
    top = max(d["total"] for d in devices) or 1
    for ax, title, keep in (
        (near, "Paris: claimed locations", lambda d: abs(d["claimed"][0] - 48.86) < 0.3),
        (far, "Elsewhere: claimed locations", lambda d: abs(d["claimed"][0] - 48.86) >= 0.3),
    ):
        for group, (marker, label) in MARKERS.items():
            pts = [d for d in devices if d["group"] == group and keep(d)]
            if not pts:
                continue
            sc = ax.scatter(
                [d["claimed"][1] for d in pts],
                [d["claimed"][0] for d in pts],
                c=[d["total"] for d in pts],
                cmap="viridis",
                vmin=0,
                vmax=top,
                marker=marker,
                s=70 if group == "honest" else 120,
                edgecolors="black" if group == "honest" else "red",
                linewidths=0.4 if group == "honest" else 1.6,
                label=label,
            )
        ax.set_title(title)
        ax.set_xlabel("longitude")
        ax.set_ylabel("latitude")
    near.legend(loc="lower left", fontsize=8)
    far.legend(loc="lower left", fontsize=8)
    fig.colorbar(sc, ax=[near, far], label="DPN earned by the device", shrink=0.8)

    epochs = fleet["epochs"]
    for s in fleet["summary"]:
        marker = MARKERS[s["group"]][0]
        curve.plot(epochs, s["perEpochMeanDpn"], marker=marker, label=f'{s["group"]} ({s["devices"]})')
    curve.set_title("Mean reward per device per epoch")
    curve.set_xlabel("epoch")
    curve.set_ylabel("DPN")
    curve.set_xticks(epochs)
    curve.legend(fontsize=8)
    ratio = fleet["honestToCheaterRatio"]
    fig.suptitle(
        f"Fleet simulation: honest devices earned {ratio:.1f}x what a cheating device earned"
        if ratio != float("inf") and ratio is not None
        else "Fleet simulation: cheaters earned nothing"
    )
    fig.savefig(target, dpi=90)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
