// The benchmark fleet and its proofs: hotspots on a jittered 1 km grid of real H3 cells, their
// genesis chain spec, and beacon receipts built and signed byte for byte as
// docs/proof-of-coverage.md specifies (no @polkadot/api in the hot path).

import { generateKeyPairSync, createPrivateKey, randomBytes, sign } from 'node:crypto';
import { u8aConcat, u8aToHex, hexToU8a, stringToU8a, compactToU8a } from '@polkadot/util';
import { blake2AsU8a, ed25519PairFromSeed } from '@polkadot/util-crypto';
import h3 from 'h3-js';

export const FREQUENCY_KHZ = 868_100;
export const TX_POWER_DBM_X10 = 270;
export const GAIN_DBI_X10 = 12;
const SPACING_KM = 1;
const ORIGIN = [48.0, 1.5]; // south-west corner, south-west of Paris
const KM_PER_DEG_LAT = 111.32;

/** A deterministic generator (mulberry32), so a seed gives the same fleet layout. */
export function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const fromBase64Url = (text) => new Uint8Array(Buffer.from(text, 'base64url'));

// PKCS#8 wrapping of a raw Ed25519 seed (RFC 8410).
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * A new device key of `scheme` ('Ed25519' or 'P256'): SCALE tag, public key, PKCS#8 secret.
 * Ed25519 public keys come from @polkadot/util-crypto (after `cryptoWaitReady`): Node's
 * `generateKeyPairSync` stalls after some 10,000 keys.
 */
export function newKey(scheme) {
  if (scheme === 'Ed25519') {
    const seed = randomBytes(32);
    return { tag: 0, pub: ed25519PairFromSeed(seed).publicKey, pkcs8: Buffer.concat([ED25519_PKCS8_PREFIX, seed]) };
  }
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const { x, y } = publicKey.export({ format: 'jwk' });
  return { tag: 1, pub: u8aConcat([0x02 | (fromBase64Url(y)[31] & 1)], fromBase64Url(x)), pkcs8: privateKey.export({ format: 'der', type: 'pkcs8' }) };
}

/** A signer over a key made by `newKey` (in this or another thread). */
export function signer({ tag, pkcs8 }) {
  const key = createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' });
  return tag === 0
    ? (message) => new Uint8Array(sign(null, message, key))
    : (message) => new Uint8Array(sign('sha256', message, { key, dsaEncoding: 'ieee-p1363' }));
}

/**
 * `count` hotspots on a square grid 1 km apart, each jittered by up to ±250 m (so neighbours stay
 * more than 8 resolution-11 steps apart), with its resolution-12 cell and grid position.
 */
export function layout(count, seed) {
  const rand = random(seed);
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
 * The `pallet-devices` genesis entry of a located hotspot; the cell (beyond 2^53) is marked for
 * tests/lib/network.mjs's exact JSON writer.
 */
export function genesisDevice(owner, key, cell) {
  return {
    owner,
    key: u8aToHex(key.pub),
    kind: 'LoraHotspot',
    location: { cell: `__u128__${BigInt(`0x${cell}`)}`, gainDbiX10: GAIN_DBI_X10, elevationM: 10 },
  };
}

// SCALE pieces of docs/proof-of-coverage.md.
const u32 = (value) => {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, value, true);
  return bytes;
};
const i16 = (value) => {
  const bytes = new Uint8Array(2);
  new DataView(bytes.buffer).setInt16(0, value, true);
  return bytes;
};
const deviceKey = (key) => u8aConcat([key.tag], key.pub);
const beaconBytes = (b) => u8aConcat(u32(b.entropyBlock), b.localEntropy, b.payload, u32(b.frequencyKhz), i16(b.txPowerDbmX10));
const measurementBytes = (m) => u8aConcat(i16(m.rssiDbmX10), i16(m.snrDbX10), u32(m.frequencyKhz), u32(m.arrivalUs));

const BEACON = stringToU8a('depin-node/beacon/v1');
const WITNESS = stringToU8a('depin-node/witness/v1');
const RECEIPT = stringToU8a('depin-node/receipt/v1');

/** Free-space path loss in dB (the runtime's formula), distance in km and frequency in MHz. */
const fspl = (km, mhz) => 20 * Math.log10(Math.max(km, 0.001)) + 20 * Math.log10(mhz) + 32.44;

function distanceKm(cellA, cellB) {
  return h3.greatCircleDistance(h3.cellToLatLng(cellA), h3.cellToLatLng(cellB), 'km');
}

/**
 * The general transaction (extrinsic v5, no signer) of a signed beacon receipt: `beaconer` and
 * `witnesses` are `{ key, sign, cell }`; measurements follow a free-space model 15–25 dB below
 * the strongest signal the runtime accepts. `pallet` is Coverage's index.
 */
export function receiptTransaction({ genesisHash, pallet, entropyBlock, entropyHash, beaconer, witnesses, rand }) {
  const localEntropy = Uint8Array.from({ length: 16 }, () => Math.floor(rand() * 256));
  const beacon = {
    entropyBlock,
    localEntropy,
    payload: blake2AsU8a(u8aConcat(BEACON, entropyHash, deviceKey(beaconer.key), localEntropy), 256),
    frequencyKhz: FREQUENCY_KHZ,
    txPowerDbmX10: TX_POWER_DBM_X10,
  };
  const beaconEncoded = beaconBytes(beacon);
  const beaconerEncoded = deviceKey(beaconer.key);
  const reports = witnesses.map((witness) => {
    const km = distanceKm(beaconer.cell, witness.cell);
    const strongest = (TX_POWER_DBM_X10 + 2 * GAIN_DBI_X10) / 10 - fspl(km, FREQUENCY_KHZ / 1000);
    const rssi = strongest - 15 - 10 * rand();
    const measurements = measurementBytes({
      rssiDbmX10: Math.round(rssi * 10),
      snrDbX10: Math.round((rssi + 125) * 10),
      frequencyKhz: FREQUENCY_KHZ + Math.round(20 * (rand() - 0.5)),
      arrivalUs: Math.round((km / 299_792.458) * 1e6 + 200 + 300 * rand()),
    });
    const witnessEncoded = deviceKey(witness.key);
    const signature = witness.sign(u8aConcat(WITNESS, genesisHash, beaconerEncoded, beaconEncoded, witnessEncoded, measurements));
    return u8aConcat(witnessEncoded, measurements, [witness.key.tag], signature);
  });
  const receipt = u8aConcat(beaconerEncoded, beaconEncoded, compactToU8a(reports.length), ...reports);
  const signature = beaconer.sign(u8aConcat(RECEIPT, genesisHash, receipt));
  // Preamble 0x45 (v5 general), extension version 0, explicit extension data: immortal era,
  // nonce 0, tip 0; then the call `coverage.submit_receipt` (call index 2).
  const body = u8aConcat([0x45, 0x00, 0x00, 0x00, 0x00, pallet, 2], receipt, [beaconer.key.tag], signature);
  return u8aToHex(u8aConcat(compactToU8a(body.length), body));
}

export { hexToU8a, u8aToHex };
