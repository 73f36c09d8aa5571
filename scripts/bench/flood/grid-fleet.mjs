// The benchmark fleet and its proofs: hotspots on a jittered 1 km grid of real H3 cells, their
// genesis chain spec, and beacon announcements and witness reports signed with depin-js as
// docs/proof-of-coverage.md specifies (no @polkadot/api in the hot path).

import h3 from 'h3-js';
import {
  announceMessage, beaconPayload, bytesFrom, deviceFromSecret, fsplDb, generalTransaction, genesisCertificate, newDevice, payloadSeal, receiptCall, receiptMessage,
  receptionCommitment, reportMessage, seeded, witnessMessage,
} from 'depin-js';

export const FREQUENCY_KHZ = 868_100;
export const TX_POWER_DBM_X10 = 140;
export const GAIN_DBI_X10 = 12;
const SPACING_KM = 1;
const ORIGIN = [48.0, 1.5]; // south-west corner, south-west of Paris
const KM_PER_DEG_LAT = 111.32;

/** `count` device keys of `scheme`, their secrets drawn from `seed`. */
export function fleetKeys(scheme, count, seed) {
  const random = seeded(seed);
  return Array.from({ length: count }, () => newDevice(scheme, (n) => bytesFrom(random, n)));
}

/** The device of a key handed to another thread as `{ scheme, secret }`. */
export const deviceOf = ({ scheme, secret }) => deviceFromSecret(scheme, secret);

/**
 * `count` hotspots on a square grid 1 km apart, each jittered by up to ±250 m (so neighbours stay
 * more than 8 resolution-11 steps apart), with its resolution-12 cell and grid position.
 */
export function layout(count, seed) {
  const rand = seeded(seed);
  const side = Math.ceil(Math.sqrt(count));
  const kmPerDegLng = KM_PER_DEG_LAT * Math.cos((ORIGIN[0] * Math.PI) / 180);
  return Array.from({ length: count }, (_, i) => {
    const [gx, gy] = [i % side, Math.floor(i / side)];
    const lat = ORIGIN[0] + (gy * SPACING_KM + (rand() - 0.5) / 2) / KM_PER_DEG_LAT;
    const lng = ORIGIN[1] + (gx * SPACING_KM + (rand() - 0.5) / 2) / kmPerDegLng;
    return { gx, gy, cell: h3.latLngToCell(lat, lng, 12) };
  });
}

// Grid steps to the 24 neighbours within two steps (1–2.8 km), nearest first.
const OFFSETS = [];
for (let dx = -2; dx <= 2; dx++) for (let dy = -2; dy <= 2; dy++) if (dx || dy) OFFSETS.push([dx, dy]);
OFFSETS.sort((a, b) => a[0] ** 2 + a[1] ** 2 - (b[0] ** 2 + b[1] ** 2));

/** The indices of device `i`'s up to 24 grid neighbours in a `layout` of `count`, nearest first. */
export function neighbours(i, count) {
  const side = Math.ceil(Math.sqrt(count));
  const [gx, gy] = [i % side, Math.floor(i / side)];
  return OFFSETS.map(([dx, dy]) => [gx + dx, gy + dy])
    .filter(([x, y]) => x >= 0 && x < side && y >= 0 && y * side + x < count)
    .map(([x, y]) => y * side + x);
}

/**
 * The `pallet-devices` genesis entry of a located hotspot, certified by the development maker;
 * the cell (beyond 2^53) is marked for tests/lib/network.mjs's exact JSON writer.
 */
export function genesisDevice(owner, key, cell) {
  return {
    owner,
    key: key.hex,
    kind: 'LoraHotspot',
    location: { cell: `__u128__${BigInt(`0x${cell}`)}`, gainDbiX10: GAIN_DBI_X10, elevationM: 10 },
    certificate: genesisCertificate(key, 'LoraHotspot'),
  };
}

function distanceKm(cellA, cellB) {
  return h3.greatCircleDistance(h3.cellToLatLng(cellA), h3.cellToLatLng(cellB), 'km');
}

/**
 * What `witness` measures of `beaconer`'s beacon (both `{ key, cell }`): a free-space model 15–25
 * dB below the strongest signal the runtime accepts, and the distance in km.
 */
function received(beaconer, witness, rand) {
  const km = distanceKm(beaconer.cell, witness.cell);
  const strongest = (TX_POWER_DBM_X10 + 2 * GAIN_DBI_X10) / 10 - fsplDb(km, FREQUENCY_KHZ / 1000);
  const rssi = strongest - 15 - 10 * rand();
  const measurements = {
    rssiDbmX10: Math.round(rssi * 10),
    snrDbX10: Math.round(Math.min(rssi + 125, 12) * 10), // saturates as a receiver's does
    frequencyKhz: FREQUENCY_KHZ + Math.round(20 * (rand() - 0.5)),
  };
  return { km, measurements };
}

/** `beaconer`'s signed announcement of a beacon with entropy from `entropyBlock` and `payload`. */
export function announcementOf(genesisHash, beaconer, entropyBlock, payload) {
  const announcement = { beaconer, entropyBlock, seal: payloadSeal(payload), frequencyKhz: FREQUENCY_KHZ, txPowerDbmX10: TX_POWER_DBM_X10 };
  return { announcement, signature: beaconer.sign(announceMessage(genesisHash, announcement)) };
}

/**
 * `witness`'s signed report of `beaconer`'s beacon announced in block `announcedAt`, committed
 * to `payload`; both are `{ key, cell }` (a depin-js device and its H3 cell).
 */
export function reportOf(genesisHash, beaconer, announcedAt, witness, payload, rand) {
  const { measurements } = received(beaconer, witness, rand);
  const report = { beaconer: beaconer.key, announcedAt, witness: witness.key, commitment: receptionCommitment(payload, witness.key), ...measurements };
  return { report, signature: witness.key.sign(reportMessage(genesisHash, report)) };
}

/**
 * The general transaction of a signed beacon receipt (the scaling benchmark's load): `beaconer`
 * and `witnesses` are `{ key, cell }` (a depin-js device and its H3 cell). `callIndex` is
 * `coverage.submit_receipt`'s.
 */
export function receiptTransaction({ genesisHash, callIndex, entropyBlock, entropyHash, beaconer, witnesses, rand }) {
  const localEntropy = bytesFrom(rand, 16);
  const beacon = {
    entropyBlock,
    localEntropy,
    payload: beaconPayload(entropyHash, beaconer.key, localEntropy),
    frequencyKhz: FREQUENCY_KHZ,
    txPowerDbmX10: TX_POWER_DBM_X10,
  };
  const reports = witnesses.map((witness) => {
    const { km, measurements: heard } = received(beaconer, witness, rand);
    const measurements = { ...heard, arrivalUs: Math.round((km / 299_792.458) * 1e6 + 200 + 300 * rand()) };
    const signature = witness.key.sign(witnessMessage(genesisHash, beaconer.key, beacon, witness.key, measurements));
    return { witness: witness.key, measurements, signature };
  });
  const receipt = { beaconer: beaconer.key, beacon, reports };
  const signature = beaconer.key.sign(receiptMessage(genesisHash, receipt));
  return generalTransaction(receiptCall(callIndex, receipt, signature));
}

