// The same messages for a chain that a connected @polkadot/api `ApiPromise` reads (passed in,
// so that this module needs no @polkadot/api of its own): its genesis hash and the keys'
// registration nonces, and the forms its calls take.

import { fromHex, toHex } from './bytes.mjs';
import { devMakerKey } from './keys.mjs';
import {
  announceMessage, beaconPayload, makerCertificate, payloadSeal, receiptMessage, receptionCommitment, registrationMessage, reportMessage, witnessMessage,
} from './messages.mjs';

/** One whole token of `api`'s chain in planck, from the decimals the chain declares (`system_properties`). */
export const tokenUnit = (api) => 10n ** BigInt(api.registry.chainDecimals[0]);

/** Bytes or hex, as hex. */
const hex = (value) => toHex(typeof value === 'string' ? fromHex(value) : value);

/** `device`'s proof of possession for `owner` (a keyring pair) at the key's current nonce, as `devices.registerDevice` takes it. */
export async function proofFor(api, device, owner) {
  const nonce = (await api.call.devicesApi.registrationNonce(device.id)).toNumber();
  return device.signature(registrationMessage(api.genesisHash.toU8a(), owner.publicKey, device, nonce));
}

/** What a device of each kind is rated at when a test does not say: see `Capability`. */
const DEFAULT_CAPABILITY = { Energy: { RatedPowerW: 5_000 }, Compute: { ComputeClass: 1 } };

/**
 * A maker certificate of `device` of `kind` for the chain of `genesisHash`: by default the
 * development maker's (maker 0), batch 1, the serial from the key, no expiry.
 */
export function certificate(genesisHash, device, kind, { maker = 0, signer = devMakerKey(), batch = 1, serial, capability, expiresAt = null } = {}) {
  const body = {
    genesisHash,
    maker,
    device,
    kind,
    batch,
    serial: serial ?? BigInt(`0x${device.hex.slice(2, 14)}`),
    capability: capability ?? DEFAULT_CAPABILITY[kind] ?? { Unrated: null },
    expiresAt,
  };
  return makerCertificate(body, signer);
}

/** [`certificate`] for `api`'s chain, as `devices.registerDevice` takes it. */
export const certificateFor = (api, device, kind, options) => certificate(api.genesisHash.toU8a(), device, kind, options).certificate;

/**
 * [`certificate`] of a device in a chain spec's genesis, as `SCALE(DeviceCertificate)` hex: its
 * chain field is 32 zero bytes, since a genesis has no hash while it is built (docs/makers.md).
 */
export const genesisCertificate = (device, kind, options) => toHex(certificate(new Uint8Array(32), device, kind, options).scale);

/**
 * A receipt of `beaconer`'s `beacon` heard by `heard` (`[{ witness, measurements }]`), every
 * report and the receipt signed for `api`'s chain: `call` is `coverage.submitReceipt` for
 * @polkadot/api, `json` the receipt as `depin_submitReceipt` takes it.
 */
export function signedReceipt(api, beaconer, beacon, heard) {
  const genesis = api.genesisHash.toU8a();
  const reports = heard.map(({ witness, measurements }) => ({
    witness,
    measurements,
    signature: witness.sign(witnessMessage(genesis, beaconer, beacon, witness, measurements)),
  }));
  const signature = beaconer.sign(receiptMessage(genesis, { beaconer, beacon, reports }));
  const hexBeacon = { ...beacon, localEntropy: hex(beacon.localEntropy), payload: hex(beacon.payload) };
  return {
    call: api.tx.coverage.submitReceipt(
      {
        beaconer: beaconer.id,
        beacon: hexBeacon,
        witnesses: reports.map((r) => ({ witness: r.witness.id, measurements: r.measurements, signature: { [r.witness.scheme]: toHex(r.signature) } })),
      },
      { [beaconer.scheme]: toHex(signature) },
    ),
    json: {
      beaconer: beaconer.hex,
      beacon: hexBeacon,
      witnesses: reports.map((r) => ({ witness: r.witness.hex, measurements: r.measurements, signature: toHex(r.signature) })),
      signature: toHex(signature),
    },
  };
}

/**
 * A beacon by `beaconer` on `api`'s best block, with `localEntropy` (16 bytes) and the payload
 * they derive, transmitted at `frequencyKhz` and `txPowerDbmX10`; byte fields in hex.
 */
export async function beaconOnBest(api, beaconer, localEntropy, { frequencyKhz = 868_100, txPowerDbmX10 = 140 } = {}) {
  const best = (await api.rpc.chain.getHeader()).number.toNumber();
  const entropyHash = (await api.rpc.chain.getBlockHash(best)).toU8a();
  return {
    entropyBlock: best,
    localEntropy: toHex(localEntropy),
    payload: toHex(beaconPayload(entropyHash, beaconer, localEntropy)),
    frequencyKhz,
    txPowerDbmX10,
  };
}

/**
 * `beaconer`'s announcement of `beacon` (as [`beaconOnBest`] gives it) for `api`'s chain,
 * signed: `call` is `coverage.announceBeacon` for @polkadot/api, `json` the announcement as
 * `depin_announceBeacon` takes it. Its payload shows only as its seal.
 */
export function signedAnnouncement(api, beaconer, beacon) {
  const { entropyBlock, frequencyKhz, txPowerDbmX10 } = beacon;
  const announcement = { beaconer, entropyBlock, seal: payloadSeal(beacon.payload), frequencyKhz, txPowerDbmX10 };
  const signature = toHex(beaconer.sign(announceMessage(api.genesisHash.toU8a(), announcement)));
  const seal = toHex(announcement.seal);
  return {
    call: api.tx.coverage.announceBeacon({ ...announcement, beaconer: beaconer.id, seal }, { [beaconer.scheme]: signature }),
    json: { ...announcement, beaconer: beaconer.hex, seal, signature },
  };
}

/**
 * `witness`'s report of `beaconer`'s beacon announced in block `announcedAt`, committed to the
 * `payload` it received and signed for `api`'s chain: `signed` is one `SignedReport` of
 * `coverage.submitReports` for @polkadot/api, `json` the report as `depin_submitReports` takes it.
 */
export function signedReport(api, { beaconer, announcedAt, witness, payload, rssiDbmX10, snrDbX10, frequencyKhz }) {
  const report = { beaconer, announcedAt, witness, commitment: receptionCommitment(payload, witness), rssiDbmX10, snrDbX10, frequencyKhz };
  const signature = toHex(witness.sign(reportMessage(api.genesisHash.toU8a(), report)));
  const commitment = toHex(report.commitment);
  return {
    signed: { report: { ...report, beaconer: beaconer.id, witness: witness.id, commitment }, signature: { [witness.scheme]: signature } },
    json: { ...report, beaconer: beaconer.hex, witness: witness.hex, commitment, signature },
  };
}
