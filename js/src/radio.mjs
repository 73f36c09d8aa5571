// Radio propagation for simulated fleets.

/**
 * Free-space path loss in dB over `km` at `mhz`: `20·log10(4π·d·f / c)`, the loss that
 * pallet-coverage's signal check uses (docs/proof-of-coverage.md), here in floating point.
 */
export const fsplDb = (km, mhz) => 20 * Math.log10(Math.max(km, 0.001)) + 20 * Math.log10(mhz) + 32.44;
