// The messages devices sign and the SCALE encodings they contain, byte for byte as
// docs/signing.md and docs/proof-of-coverage.md specify them. A device is `{ tag, key }` (see
// keys.mjs); byte fields may be given as Uint8Array or hex.

import { blake2b } from '@noble/hashes/blake2.js';
import { compact, concat, fromHex, i16, toHex, u32, u64 } from './bytes.mjs';

const text = (value) => new TextEncoder().encode(value);
const bytes = (value) => (value instanceof Uint8Array ? value : fromHex(value));

/** Domain separators: the first bytes of every signed message. */
export const DOMAINS = {
  registration: text('depin-node/device-pop/v1'),
  heartbeat: text('depin-node/heartbeat/v1'),
  beacon: text('depin-node/beacon/v1'),
  witness: text('depin-node/witness/v1'),
  receipt: text('depin-node/receipt/v1'),
  announce: text('depin-node/announce/v1'),
  seal: text('depin-node/seal/v1'),
  commitment: text('depin-node/commitment/v1'),
  report: text('depin-node/report/v1'),
  makerCertificate: text('depin-node/maker-cert/v1'),
};

/** Device kinds by their SCALE index. */
export const DEVICE_KINDS = ['LoraHotspot', 'WifiHotspot', 'FiveGHotspot', 'Sensor', 'Energy', 'Compute'];

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

/** The seal an announcement shows of its payload: BLAKE2b-256(domain ‖ payload). */
export const payloadSeal = (payload) => blake2b(concat(DOMAINS.seal, bytes(payload)), { dkLen: 32 });

/** A witness's commitment to the payload it received: BLAKE2b-256(domain ‖ payload ‖ SCALE(witness)). */
export const receptionCommitment = (payload, witness) =>
  blake2b(concat(DOMAINS.commitment, bytes(payload), encodeDeviceKey(witness)), { dkLen: 32 });

/** SCALE `BeaconAnnouncement { beaconer, entropyBlock, seal, frequencyKhz, txPowerDbmX10 }`. */
export const encodeAnnouncement = (a) =>
  concat(encodeDeviceKey(a.beaconer), u32(a.entropyBlock), bytes(a.seal), u32(a.frequencyKhz), i16(a.txPowerDbmX10));

/** The beaconer's announcement message: domain ‖ genesis hash ‖ SCALE(announcement). */
export const announceMessage = (genesisHash, announcement) =>
  concat(DOMAINS.announce, bytes(genesisHash), encodeAnnouncement(announcement));

/** SCALE `Report { beaconer, announcedAt, witness, commitment, rssiDbmX10, snrDbX10, frequencyKhz }`. */
export const encodeReport = (r) =>
  concat(
    encodeDeviceKey(r.beaconer),
    u32(r.announcedAt),
    encodeDeviceKey(r.witness),
    bytes(r.commitment),
    i16(r.rssiDbmX10),
    i16(r.snrDbX10),
    u32(r.frequencyKhz),
  );

/** A witness's report message: domain ‖ genesis hash ‖ SCALE(report). */
export const reportMessage = (genesisHash, report) => concat(DOMAINS.report, bytes(genesisHash), encodeReport(report));

/** SCALE `SignedReport { report, signature }`, the signature the witness's 64 bytes. */
export const encodeSignedReport = ({ report, signature }) => concat(encodeReport(report), encodeSignature(report.witness, signature));

/** SCALE `Capability`: `{ Unrated: null }`, `{ RatedPowerW: watts }` or `{ ComputeClass: class }`. */
export function encodeCapability(capability) {
  if ('RatedPowerW' in capability) return concat([1], u32(capability.RatedPowerW));
  if ('ComputeClass' in capability) return Uint8Array.of(2, capability.ComputeClass);
  return Uint8Array.of(0);
}

/**
 * SCALE `CertificateBody { genesisHash, maker, device, kind, batch, serial, capability,
 * expiresAt }`: the device a depin-js device, the kind its name, `expiresAt` Unix seconds or null.
 */
export function encodeCertificateBody(body) {
  const kind = DEVICE_KINDS.indexOf(body.kind);
  if (kind < 0) throw new Error(`unknown device kind ${body.kind}`);
  return concat(
    bytes(body.genesisHash),
    u32(body.maker),
    encodeDeviceKey(body.device),
    [kind],
    u32(body.batch),
    u64(body.serial),
    encodeCapability(body.capability),
    body.expiresAt == null ? [0] : concat([1], u64(body.expiresAt)),
  );
}

/** The message a maker key signs to certify a device: domain ‖ SCALE(body). */
export const certificateMessage = (body) => concat(DOMAINS.makerCertificate, encodeCertificateBody(body));

/**
 * `body` certified by the maker key `signer` (a depin-js key): `scale` the SCALE
 * `DeviceCertificate` (as genesis configs and the CLI take it), `certificate` the same as
 * `devices.registerDevice` takes it in @polkadot/api.
 */
export function makerCertificate(body, signer) {
  const signature = signer.sign(certificateMessage(body));
  return {
    scale: concat([0], encodeCertificateBody(body), encodeDeviceKey(signer), encodeSignature(signer, signature)),
    certificate: {
      Maker: {
        body: {
          genesisHash: toHex(bytes(body.genesisHash)),
          maker: body.maker,
          device: body.device.id,
          kind: body.kind,
          batch: body.batch,
          serial: BigInt(body.serial),
          capability: body.capability,
          expiresAt: body.expiresAt ?? null,
        },
        signer: signer.id,
        signature: { [signer.scheme]: toHex(signature) },
      },
    },
  };
}
