// Device keys made with Node's own crypto (independent of the runtime's code) and the device
// messages of docs/signing.md and docs/proof-of-coverage.md.

import { generateKeyPairSync, sign } from 'node:crypto';
import { u8aConcat, u8aToHex, stringToU8a } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';
import { submitAndWatch, assertSuccess } from './chain.mjs';

const fromBase64Url = (text) => new Uint8Array(Buffer.from(text, 'base64url'));

/** `value` as 4 little-endian bytes. */
export function u32le(value) {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, value, true);
  return bytes;
}

/**
 * A new device key: `scheme` 'Ed25519' or 'P256', `tag` its SCALE tag, `key` its public key
 * bytes, `id` its on-chain `DeviceKey` and `sign(message)` its raw signature.
 */
export function newDevice(scheme) {
  let key;
  let signRaw;
  if (scheme === 'Ed25519') {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    key = fromBase64Url(publicKey.export({ format: 'jwk' }).x);
    signRaw = (message) => new Uint8Array(sign(null, message, privateKey));
  } else {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const { x, y } = publicKey.export({ format: 'jwk' });
    key = u8aConcat([0x02 | (fromBase64Url(y)[31] & 1)], fromBase64Url(x));
    // ECDSA with SHA-256, encoded r ‖ s.
    signRaw = (message) => new Uint8Array(sign('sha256', message, { key: privateKey, dsaEncoding: 'ieee-p1363' }));
  }
  const tag = scheme === 'Ed25519' ? 0 : 1;
  return {
    scheme,
    tag,
    key,
    id: { [scheme]: u8aToHex(key) },
    sign: (message) => ({ [scheme]: u8aToHex(signRaw(message)) }),
  };
}

/** The proof of possession of docs/signing.md, at the key's current nonce. */
export async function proofFor(api, device, owner) {
  const nonce = (await api.query.devices.registrationNonce(device.id)).toNumber();
  const message = u8aConcat(
    stringToU8a('depin-node/device-pop/v1'),
    api.genesisHash.toU8a(),
    owner.publicKey,
    [device.tag],
    device.key,
    u32le(nonce),
  );
  if (message.length !== 125 + device.tag) throw new Error(`proof message of ${message.length} bytes`);
  return device.sign(message);
}

/** Registers `device` of `kind` for `owner` and resolves with the inclusion. */
export async function registerDevice(api, device, kind, owner) {
  const inclusion = await submitAndWatch(api, api.tx.devices.registerDevice(device.id, kind, await proofFor(api, device, owner)), owner);
  assertSuccess(api, inclusion);
  return inclusion;
}

/** The heartbeat message of docs/proof-of-coverage.md. */
export function heartbeatMessage(api, device, epoch) {
  return u8aConcat(stringToU8a('depin-node/heartbeat/v1'), api.genesisHash.toU8a(), [device.tag], device.key, u32le(epoch));
}

/** The beacon payload of docs/proof-of-coverage.md. */
export function beaconPayload(entropyHash, beaconer, localEntropy) {
  return blake2AsU8a(u8aConcat(stringToU8a('depin-node/beacon/v1'), entropyHash, [beaconer.tag], beaconer.key, localEntropy), 256);
}

/** The message a witness signs (docs/proof-of-coverage.md), SCALE parts encoded by the API. */
export function witnessMessage(api, beaconer, beacon, witness, measurements) {
  return u8aConcat(
    stringToU8a('depin-node/witness/v1'),
    api.genesisHash.toU8a(),
    [beaconer.tag], beaconer.key,
    api.createType('DepinPrimitivesPocBeacon', beacon).toU8a(),
    [witness.tag], witness.key,
    api.createType('DepinPrimitivesPocWitnessMeasurements', measurements).toU8a(),
  );
}

/** The message the beaconer signs (docs/proof-of-coverage.md). */
export function receiptMessage(api, receipt) {
  return u8aConcat(
    stringToU8a('depin-node/receipt/v1'),
    api.genesisHash.toU8a(),
    api.createType('DepinPrimitivesPocBeaconReceipt', receipt).toU8a(),
  );
}
