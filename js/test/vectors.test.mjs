// The worked examples of docs/signing.md and docs/proof-of-coverage.md (`name = hex` lines),
// which depin-primitives checks too: this module must produce the same bytes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  announceMessage, beaconPayload, certificateMessage, compact, concat, deviceFromSecret, devMakerKey, docText, docValue, encodeAnnouncement, encodeReceipt, encodeSignedReport,
  generalTransaction, heartbeatMessage, makerCertificate, payloadSeal, receiptMessage, receptionCommitment, registrationMessage, reportMessage, seeded, toHex, u32, verify,
  witnessMessage,
} from '../src/index.mjs';

const SIGNING = docText('signing.md');
const POC = docText('proof-of-coverage.md');

const genesis = docValue(SIGNING, 'genesis_hash');
const devices = {
  ed25519: deviceFromSecret('Ed25519', docValue(SIGNING, 'ed25519.secret')),
  p256: deviceFromSecret('P256', docValue(SIGNING, 'p256.secret')),
};

test('keys and proofs of possession are the documented ones', () => {
  const owner = docValue(SIGNING, 'owner');
  for (const [name, device] of Object.entries(devices)) {
    assert.deepEqual(device.key, docValue(SIGNING, `${name}.public`), `${name} public key`);
    const message = registrationMessage(genesis, owner, device, 0);
    assert.deepEqual(message, docValue(SIGNING, `${name}.message`), `${name} message`);
    const documented = docValue(SIGNING, `${name}.signature`);
    assert.ok(verify(device.scheme, device.key, documented, message), `${name} documented signature`);
    assert.ok(verify(device.scheme, device.key, device.sign(message), message), `${name} own signature`);
    assert.ok(!verify(device.scheme, device.key, documented, registrationMessage(genesis, owner, device, 1)), `${name} other nonce`);
  }
  // Ed25519 is deterministic: the same signature as documented.
  const message = docValue(SIGNING, 'ed25519.message');
  assert.deepEqual(devices.ed25519.sign(message), docValue(SIGNING, 'ed25519.signature'));
});

test('heartbeats are the documented ones', () => {
  const epoch = new DataView(docValue(POC, 'heartbeat.epoch_le').buffer).getUint32(0, true);
  for (const [name, device] of Object.entries(devices)) {
    const message = heartbeatMessage(genesis, device, epoch);
    assert.deepEqual(message, docValue(POC, `heartbeat.${name}.message`));
    assert.ok(verify(device.scheme, device.key, docValue(POC, `heartbeat.${name}.signature`), message));
  }
});

test('the receipt example: payload, witness message, receipt encoding and messages', () => {
  const example = (name) => docValue(POC, `receipt_example.${name}`);
  const beaconer = devices.ed25519;
  const witness = devices.p256;
  const localEntropy = Uint8Array.from({ length: 16 }, (_, i) => i);
  const payload = beaconPayload(example('entropy_hash'), beaconer, localEntropy);
  assert.deepEqual(payload, example('payload'));
  const beacon = { entropyBlock: 1_000, localEntropy, payload, frequencyKhz: 868_100, txPowerDbmX10: 270 };
  const measurements = { rssiDbmX10: -1_085, snrDbX10: 72, frequencyKhz: 868_105, arrivalUs: 1_234 };
  const witnessMsg = witnessMessage(genesis, beaconer, beacon, witness, measurements);
  assert.deepEqual(witnessMsg, example('witness.message'));
  assert.ok(verify('P256', witness.key, example('witness.signature'), witnessMsg));
  const receipt = { beaconer, beacon, reports: [{ witness, measurements, signature: example('witness.signature') }] };
  assert.deepEqual(encodeReceipt(receipt), example('receipt.scale'));
  const message = receiptMessage(genesis, receipt);
  assert.deepEqual(message, example('receipt.message'));
  assert.ok(verify('Ed25519', beaconer.key, example('receipt.signature'), message));
  assert.deepEqual(beaconer.sign(message), example('receipt.signature'));
});

test('the announced beacon example: seal, announcement, commitment and report', () => {
  const example = (name) => docValue(POC, `announced_example.${name}`);
  const beaconer = devices.ed25519;
  const witness = devices.p256;
  const localEntropy = Uint8Array.from({ length: 16 }, (_, i) => i);
  const payload = beaconPayload(docValue(POC, 'receipt_example.entropy_hash'), beaconer, localEntropy);
  assert.deepEqual(payloadSeal(payload), example('seal'));
  const announcement = { beaconer, entropyBlock: 1_000, seal: payloadSeal(payload), frequencyKhz: 868_100, txPowerDbmX10: 140 };
  assert.deepEqual(encodeAnnouncement(announcement), example('announcement.scale'));
  const message = announceMessage(genesis, announcement);
  assert.deepEqual(message, example('announcement.message'));
  assert.deepEqual(beaconer.sign(message), example('announcement.signature'));
  const commitment = receptionCommitment(payload, witness);
  assert.deepEqual(commitment, example('commitment'));
  const report = { beaconer, announcedAt: 1_002, witness, commitment, rssiDbmX10: -1_085, snrDbX10: 72, frequencyKhz: 868_105 };
  const reportMsg = reportMessage(genesis, report);
  assert.deepEqual(reportMsg, example('report.message'));
  assert.ok(verify('P256', witness.key, example('report.signature'), reportMsg));
  assert.deepEqual(encodeSignedReport({ report, signature: example('report.signature') }), example('signed_report.scale'));
});

test('SCALE integers, general transactions and the seeded generator', () => {
  assert.deepEqual(u32(1_000), Uint8Array.of(0xe8, 0x03, 0, 0));
  for (const [n, hex] of [[0, '0x00'], [1, '0x04'], [63, '0xfc'], [64, '0x0101'], [16_383, '0xfdff'], [16_384, '0x02000100'], [2n ** 30n, '0x0300000040']]) {
    assert.equal(toHex(compact(n)), hex, `compact(${n})`);
  }
  // docs/proof-of-coverage.md: compact(length) ‖ 0x45 ‖ 0x00 ‖ 0x00 0x00 0x00 ‖ call.
  assert.equal(generalTransaction(Uint8Array.of(12, 2, 9)), toHex(concat(compact(8), [0x45, 0x00, 0x00, 0x00, 0x00, 12, 2, 9])));
  const [a, b] = [seeded(7), seeded(7)];
  const draws = Array.from({ length: 5 }, a);
  assert.deepEqual(Array.from({ length: 5 }, b), draws);
  assert.ok(draws.every((x) => x >= 0 && x < 1));
});

// 12,000 of each scheme, past the 10,000 at which Node's generateKeyPairSync stalls; the timeout
// only guards against a hang.
test('keys come from secrets at fleet scale', { timeout: 600_000 }, () => {
  const random = seeded(1);
  for (const scheme of ['Ed25519', 'P256']) {
    const keys = new Set();
    for (let i = 0; i < 12_000; i++) {
      const secret = Uint8Array.from({ length: 32 }, () => 1 + Math.floor(random() * 255));
      keys.add(deviceFromSecret(scheme, secret).hex);
    }
    assert.equal(keys.size, 12_000, `${scheme}: distinct keys`);
  }
});

test('the maker certificate example is the documented one', () => {
  const field = (name) => docValue(SIGNING, `certificate.${name}`);
  const maker = devMakerKey();
  assert.deepEqual(maker.key, docValue(SIGNING, 'dev_maker.public'));
  const body = {
    genesisHash: genesis,
    maker: 0,
    device: devices.ed25519,
    kind: 'Energy',
    batch: 7,
    serial: 1001,
    capability: { RatedPowerW: 5000 },
    expiresAt: 1_893_456_000,
  };
  assert.deepEqual(certificateMessage(body), field('message'));
  const { scale } = makerCertificate(body, maker);
  assert.deepEqual(scale, field('scale'));
  assert.ok(verify('Ed25519', maker.key, field('signature'), field('message')));
});
