// Transactions built byte for byte, for clients that submit many without @polkadot/api (the
// benchmarks). The extension data follows the runtime's `TxExtension`, in order
// (docs/architecture.md): only `CheckMortality` (era), `CheckNonce` and
// `ChargeTransactionPayment` (tip) carry explicit data, and `CheckSpecVersion`,
// `CheckTxVersion`, `CheckGenesis` and `CheckMortality` sign implicit data. A call is its SCALE
// bytes, starting with the pallet and call indices that the metadata gives
// (`api.tx.<pallet>.<call>.callIndex`).

import { blake2b } from '@noble/hashes/blake2.js';
import { compact, concat, toHex, u32 } from './bytes.mjs';
import { encodeAnnouncement, encodeDeviceKey, encodeReceipt, encodeSignature, encodeSignedReport } from './messages.mjs';

/** Explicit extension data with an immortal era (`0x00`), nonce `nonce` and no tip. */
const explicitExtensions = (nonce) => concat([0x00], compact(nonce), compact(0));

/** An extrinsic's bytes, length-prefixed, in hex, as `author_submitExtrinsic` takes it. */
const extrinsic = (body) => toHex(concat(compact(body.length), body));

/**
 * A general transaction (extrinsic format 5, preamble `0x45`, extension version 0): no signer,
 * no fee; the runtime authorizes `call` from the device signature it carries. The device
 * proofs of `pallet-coverage` are submitted this way.
 */
export function generalTransaction(call) {
  return extrinsic(concat([0x45, 0x00], explicitExtensions(0), call));
}

/**
 * A signed transaction (extrinsic format 4) of `call` by an Ed25519 account `signer` (`{ key,
 * sign }`, `MultiSignature::Ed25519`), immortal, with no tip: the signed payload is call ‖
 * explicit data ‖ spec version ‖ transaction version ‖ genesis hash ‖ the era's block hash (the
 * genesis hash, for an immortal era), hashed with BLAKE2b-256 when longer than 256 bytes.
 */
export function signedTransaction({ call, signer, nonce, specVersion, transactionVersion, genesisHash }) {
  const explicit = explicitExtensions(nonce);
  let payload = concat(call, explicit, u32(specVersion), u32(transactionVersion), genesisHash, genesisHash);
  if (payload.length > 256) payload = blake2b(payload, { dkLen: 32 });
  return extrinsic(concat([0x84, 0x00], signer.key, [0x00], signer.sign(payload), explicit, call));
}

/** The call `coverage.submit_receipt(receipt, signature)` at `callIndex`. */
export const receiptCall = (callIndex, receipt, signature) =>
  concat(callIndex, encodeReceipt(receipt), encodeSignature(receipt.beaconer, signature));

/** The call `coverage.announce_beacon(announcement, signature)` at `callIndex`. */
export const announceCall = (callIndex, announcement, signature) =>
  concat(callIndex, encodeAnnouncement(announcement), encodeSignature(announcement.beaconer, signature));

/** The call `coverage.submit_reports(reports)` at `callIndex`: `reports` are `{ report, signature }`. */
export const reportsCall = (callIndex, reports) => concat(callIndex, compact(reports.length), ...reports.map(encodeSignedReport));

/** The call `coverage.reveal_beacon(beaconer, localEntropy, reports)` at `callIndex`. */
export const revealCall = (callIndex, beaconer, localEntropy, reports) => concat(callIndex, encodeDeviceKey(beaconer), localEntropy, u32(reports));
