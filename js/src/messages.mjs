// The messages devices sign and the SCALE encodings they contain, byte for byte as
// docs/signing.md and docs/proof-of-coverage.md specify them. A device is `{ tag, key }` (see
// keys.mjs); byte fields may be given as Uint8Array or hex.

import { blake2b } from '@noble/hashes/blake2.js';
import { compact, concat, fromHex, i16, u32 } from './bytes.mjs';

const text = (value) => new TextEncoder().encode(value);
const bytes = (value) => (value instanceof Uint8Array ? value : fromHex(value));

/** Domain separators: the first bytes of every signed message. */
export const DOMAINS = {
  registration: text('depin-node/device-pop/v1'),
  heartbeat: text('depin-node/heartbeat/v1'),
  beacon: text('depin-node/beacon/v1'),
  witness: text('depin-node/witness/v1'),
  receipt: text('depin-node/receipt/v1'),
};

/** SCALE `DeviceKey`: the scheme's tag, then the public key. */
export const encodeDeviceKey = (device) => concat([device.tag], device.key);

/** SCALE `DeviceSignature`: the signer's scheme tag, then the 64 bytes. */
export const encodeSignature = (signer, signature) => concat([signer.tag], bytes(signature));

/** SCALE `Beacon { entropyBlock, localEntropy, payload, frequencyKhz, txPowerDbmX10 }`. */
export const encodeBeacon = (b) =>
  concat(u32(b.entropyBlock), bytes(b.localEntropy), bytes(b.payload), u32(b.frequencyKhz), i16(b.txPowerDbmX10));

/** SCALE `WitnessMeasurements { rssiDbmX10, snrDbX10, frequencyKhz, arrivalUs }`. */
export const encodeMeasurements = (m) => concat(i16(m.rssiDbmX10), i16(m.snrDbX10), u32(m.frequencyKhz), u32(m.arrivalUs));

/** The proof of possession's message: domain ‖ genesis hash ‖ owner ‖ SCALE(device) ‖ nonce. */
export const registrationMessage = (genesisHash, owner, device, nonce) =>
  concat(DOMAINS.registration, bytes(genesisHash), bytes(owner), encodeDeviceKey(device), u32(nonce));

/** A heartbeat's message: domain ‖ genesis hash ‖ SCALE(device) ‖ epoch. */
export const heartbeatMessage = (genesisHash, device, epoch) =>
  concat(DOMAINS.heartbeat, bytes(genesisHash), encodeDeviceKey(device), u32(epoch));

/** A beacon's payload: BLAKE2b-256(domain ‖ entropy hash ‖ SCALE(beaconer) ‖ local entropy). */
export const beaconPayload = (entropyHash, beaconer, localEntropy) =>
  blake2b(concat(DOMAINS.beacon, bytes(entropyHash), encodeDeviceKey(beaconer), bytes(localEntropy)), { dkLen: 32 });

/** A witness's message: domain ‖ genesis ‖ SCALE(beaconer, beacon, witness, measurements). */
export const witnessMessage = (genesisHash, beaconer, beacon, witness, measurements) =>
  concat(DOMAINS.witness, bytes(genesisHash), encodeDeviceKey(beaconer), encodeBeacon(beacon), encodeDeviceKey(witness), encodeMeasurements(measurements));

/**
 * SCALE `BeaconReceipt { beaconer, beacon, witnesses }`; each report is `{ witness, measurements,
 * signature }` with the witness a device and its signature's 64 bytes.
 */
export const encodeReceipt = ({ beaconer, beacon, reports }) =>
  concat(
    encodeDeviceKey(beaconer),
    encodeBeacon(beacon),
    compact(reports.length),
    ...reports.map((r) => concat(encodeDeviceKey(r.witness), encodeMeasurements(r.measurements), encodeSignature(r.witness, r.signature))),
  );

/** The beaconer's message: domain ‖ genesis hash ‖ SCALE(receipt). */
export const receiptMessage = (genesisHash, receipt) => concat(DOMAINS.receipt, bytes(genesisHash), encodeReceipt(receipt));
