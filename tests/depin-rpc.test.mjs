// The wallet and device journey through clients nobody here wrote: @polkadot/api for owner
// calls and runtime APIs (`api.call.*`), plain JSON-RPC for the `depin_*` methods. Then every
// `depin_*` method's errors, the subscriptions, and the curl examples of docs/rpc.md.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { WsProvider, Keyring } from '@polkadot/api';
import { u8aToHex } from '@polkadot/util';
import { mnemonicGenerate } from '@polkadot/util-crypto';
import { waitFor, repoRoot } from './lib/network.mjs';
import { devAccounts, startDevChain, submitAndWatch, assertSuccess, freeBalance } from './lib/chain.mjs';
import { newDevice, registerDevice, beaconOnBest, signedReceipt, NOTRE_DAME, EIFFEL } from './lib/devices.mjs';
import { toHex, tokenUnit } from 'depin-js';

let chain;
let node;
let api;
/** One DPN in planck. */
let DPN;

before(async () => {
  chain = await startDevChain('depin-rpc');
  ({ node, api } = chain);
  DPN = tokenUnit(api);
});

after(async () => {
  await chain?.stop();
});

/** The JSON-RPC error of a call that must fail. */
async function rpcError(method, params) {
  try {
    const result = await node.rpc(method, params);
    assert.fail(`${method}(${JSON.stringify(params)}) answered ${JSON.stringify(result)}`);
  } catch (error) {
    assert.ok(error.rpcError, `${method}: ${error.message}`);
    return error.rpcError;
  }
}

/** A JSON device key: the bare public key in hex; the scheme follows from its length. */
const keyHex = (device) => device.hex;

async function currentEpoch() {
  return (await node.rpc('depin_epoch')).epoch;
}

let owner;
let beaconer;
let witness;

test('an owner registers two devices, a receipt goes in through depin_submitReceipt, and the reward is claimed', async () => {
  const { alice } = devAccounts();
  owner = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromMnemonic(mnemonicGenerate());
  assertSuccess(api, await submitAndWatch(api, api.tx.balances.transferKeepAlive(owner.address, 1_000n * DPN), alice));

  beaconer = newDevice('Ed25519');
  witness = newDevice('P256');
  for (const [device, cell] of [[beaconer, NOTRE_DAME], [witness, EIFFEL]]) {
    await registerDevice(api, device, 'LoraHotspot', owner);
    assertSuccess(api, await submitAndWatch(api, api.tx.devices.assertLocation(device.id, cell, 12, 10), owner));
  }
  const record = await node.rpc('depin_device', [keyHex(witness)]);
  assert.equal(record.owner, owner.address);
  assert.equal(record.scheme, 'p256');
  assert.equal(record.kind, 'loraHotspot');
  assert.equal(record.location.cell, EIFFEL.toString(16));
  assert.ok(Math.abs(record.location.lat - 48.85837) < 0.001);
  const page = await node.rpc('depin_devicesOf', [owner.address]);
  assert.equal(page.total, 2);
  // Through api.call.* as well, decoded from the metadata alone.
  const viaApi = (await api.call.devicesApi.devicesOf(owner.address, null, 10)).asOk;
  assert.equal(viaApi.total.toNumber(), 2);

  // Wait for a fresh epoch so the receipt and the close do not straddle two epochs.
  const start = await currentEpoch();
  await waitFor(`epoch ${start + 1}`, async () => (await currentEpoch()) > start, 90_000);
  const beacon = await beaconOnBest(api, beaconer, new Uint8Array(16).fill(7));
  const measurements = { rssiDbmX10: -1_150, snrDbX10: 40, frequencyKhz: 868_120, arrivalUs: 850 };
  const { json } = signedReceipt(api, beaconer, beacon, [{ witness, measurements }]);
  const hash = await node.rpc('depin_submitReceipt', [json]);
  assert.match(hash, /^0x[0-9a-f]{64}$/);
  const epoch = await currentEpoch();

  // The same beacon again: the pool already holds this device's beacon.
  const twice = await rpcError('depin_submitReceipt', [json]);
  assert.equal(twice.code, 4003);

  const pendingNow = await waitFor('pending rewards', async () => {
    const pending = await node.rpc('depin_pendingRewards', [owner.address]);
    return pending.pending !== '0' ? pending : null;
  }, 60_000);
  // Alone in the epoch: the whole beacon pool (15 %) and witness pool (45 %) of 14,000 DPN.
  assert.equal(BigInt(pendingNow.pending), 8_400n * DPN);
  assert.equal(pendingNow.devices, 2);
  const stats = await node.rpc('depin_networkStats');
  assert.equal(stats.epoch.proofs.receiptsAccepted, 1);
  assert.equal(stats.epoch.proofs.witnessesSelected, 1);
  const coverage = await node.rpc('depin_deviceRewards', [keyHex(witness)]);
  assert.equal(coverage.pendingUnits.witness, 1_000_000);

  // After the close: claimable through api.call.rewardsApi and through depin_pendingRewards.
  await waitFor(`epoch ${epoch + 1}`, async () => (await currentEpoch()) > epoch, 90_000);
  const viaCall = (await api.call.rewardsApi.accountRewards(owner.address, null, 100)).asOk;
  const claimable = viaCall.claimableTotal.toBigInt();
  assert.equal(claimable, 8_400n * DPN);
  const viaRpc = await node.rpc('depin_pendingRewards', [owner.address]);
  assert.equal(BigInt(viaRpc.claimable), claimable);
  const perEpoch = (await node.rpc('depin_deviceRewards', [keyHex(beaconer)])).claimableByEpoch;
  assert.deepEqual(perEpoch.map((e) => [e.epoch, e.units.beacon, e.amount]), [[epoch, 250_000, (2_100n * DPN).toString()]]);

  const before = await freeBalance(api, owner.address);
  const claim = await submitAndWatch(api, api.tx.rewards.claimRewards(), owner);
  assertSuccess(api, claim);
  const fee = claim.events.find(({ event }) => api.events.transactionPayment.TransactionFeePaid.is(event)).event.data.actualFee.toBigInt();
  const claimed = claim.events.find(({ event }) => api.events.rewards.RewardsClaimed.is(event)).event.data.amount.toBigInt();
  assert.equal(claimed, claimable);
  assert.equal(await freeBalance(api, owner.address), before + claimable - fee);
  const afterClaim = await node.rpc('depin_pendingRewards', [owner.address]);
  assert.equal(afterClaim.claimable, '0');
  assert.equal(BigInt(afterClaim.lifetimePaid), claimable);
});

test('bad input to every depin_* method gets a JSON-RPC error that says what is wrong, and the node keeps serving', async () => {
  const alice = devAccounts().alice.address;
  const unknownKey = u8aToHex(new Uint8Array(32).fill(0x42));
  const cases = [
    ['depin_device', ['0x12zz'], -32602, /not hex/],
    ['depin_device', ['0x1234'], -32602, /32 bytes \(Ed25519\) or 33 bytes/],
    ['depin_device', [u8aToHex(new Uint8Array([4, ...new Uint8Array(32)]))], -32602, /compressed/],
    ['depin_device', [unknownKey], 4001, /no device is registered/],
    ['depin_registrationNonce', ['0x00'], -32602, /32 bytes/],
    ['depin_devicesOf', ['5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQZ'], -32602, /not an SS58 address/],
    ['depin_devicesOf', ['15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5'], -32602, /network prefix 0/],
    ['depin_devicesOf', [alice, null, 0], -32602, /limit must be 1 to 1000, got 0/],
    ['depin_devicesOf', [alice, null, 1001], -32602, /limit must be 1 to 1000/],
    ['depin_devicesOf', [alice, '0x99'], -32602, /after must be 32 bytes/],
    ['depin_cell', ['not-a-cell'], -32602, /not a valid H3 cell/],
    ['depin_cell', [NOTRE_DAME.toString(16)], -32602, /resolution 12/],
    ['depin_deviceRewards', [unknownKey], 4001, /no device is registered/],
    ['depin_pendingRewards', ['bogus'], -32602, /not an SS58 address/],
    ['depin_pendingRewards', [new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromMnemonic(mnemonicGenerate()).address], 4001, /owns no device/],
    ['depin_accountRewards', [alice, null, 5000], -32602, /limit must be 1 to 1000/],
    ['depin_epoch', ['0x' + '00'.repeat(32)], 4004, /runtime API call failed/],
    ['depin_submitHeartbeat', [{ device: unknownKey, epoch: 1, signature: '0x' + '00'.repeat(64) }], 4002, /proof rejected: UnknownDevice/],
    ['depin_submitHeartbeat', [{ device: unknownKey, epoch: 0, signature: '0x00' }], -32602, /signature must be 64 bytes, got 1/],
    ['depin_submitHeartbeat', [{ device: unknownKey, epoch: 0 }], -32602, /missing field `signature`/],
    ['depin_submitReceipt', [{ beaconer: keyHex(beaconer), beacon: { entropyBlock: 1, localEntropy: '0x00', payload: '0x00', frequencyKhz: 1, txPowerDbmX10: 1 }, witnesses: [], signature: '0x' + '00'.repeat(64) }], -32602, /beacon.localEntropy must be 16 bytes/],
  ];
  for (const [method, params, code, message] of cases) {
    const error = await rpcError(method, params);
    assert.equal(error.code, code, `${method}(${JSON.stringify(params)}): ${error.message}`);
    // Malformed JSON objects are refused by the server's parser, which puts the reason in `data`.
    assert.match(`${error.message} ${JSON.stringify(error.data ?? '')}`, message, `${method}(${JSON.stringify(params)})`);
  }
  // A proof that breaks a rule names the rule: a receipt signed over other bytes.
  const beacon = await beaconOnBest(api, beaconer, new Uint8Array(16).fill(3));
  const forged = toHex(beaconer.sign(new Uint8Array([1, 2, 3])));
  const rejected = await rpcError('depin_submitReceipt', [{ beaconer: keyHex(beaconer), beacon, witnesses: [], signature: forged }]);
  assert.equal(rejected.code, 4002);
  assert.equal(rejected.message, 'proof rejected: BadSignature');
  assert.deepEqual(rejected.data, { error: 'BadSignature', code: 5 });
  assert.equal(typeof (await node.rpc('system_health')).isSyncing, 'boolean', 'the node still serves');
});

test('depin_subscribeRewards and depin_subscribeDevice push the current value, then changes', async () => {
  const provider = new WsProvider(node.wsUrl);
  try {
    await provider.isReady;
    const rewards = [];
    const devices = [];
    const rewardsId = await provider.subscribe('depin_rewardsUpdate', 'depin_subscribeRewards', [owner.address], (error, value) => rewards.push(error ?? value));
    const deviceId = await provider.subscribe('depin_deviceUpdate', 'depin_subscribeDevice', [keyHex(witness)], (error, value) => devices.push(error ?? value));
    await waitFor('the first notifications', async () => rewards.length > 0 && devices.length > 0, 20_000);
    assert.equal(rewards[0].account, owner.address);
    assert.equal(devices[0].device, keyHex(witness));

    // A location change shows up on the device subscription.
    assertSuccess(api, await submitAndWatch(api, api.tx.devices.assertLocation(witness.id, EIFFEL, 30, 12), owner));
    await waitFor('the device update', async () => devices.some((d) => d.location?.gainDbiX10 === 30), 30_000);
    await provider.unsubscribe('depin_rewardsUpdate', 'depin_unsubscribeRewards', rewardsId);
    await provider.unsubscribe('depin_deviceUpdate', 'depin_unsubscribeDevice', deviceId);

    await assert.rejects(
      provider.subscribe('depin_deviceUpdate', 'depin_subscribeDevice', ['0x1234'], () => {}),
      /32 bytes \(Ed25519\) or 33 bytes/,
    );
  } finally {
    await provider.disconnect();
  }
});

test('every curl example in docs/rpc.md answers as documented', async () => {
  const doc = readFileSync(join(repoRoot, 'docs', 'rpc.md'), 'utf8');
  // Each example: a ```sh block with one curl command, then a ```json block with the answer.
  const examples = [...doc.matchAll(/```sh\n(curl .+?)\n```\n+```json\n([\s\S]+?)\n```/g)];
  assert.ok(examples.length >= 10, `only ${examples.length} examples found`);
  const port = new URL(node.rpcUrl).port;
  for (const [, command, expected] of examples) {
    const body = command.match(/-d '([^']+)'/)[1];
    const output = execFileSync('curl', ['-s', '-H', 'Content-Type: application/json', '-d', body, `http://127.0.0.1:${port}`], { encoding: 'utf8' });
    const actual = JSON.parse(output);
    const documented = JSON.parse(expected);
    if (documented.error) {
      assert.equal(actual.error?.code, documented.error.code, `${body}: ${output}`);
      assert.equal(actual.error.message, documented.error.message, body);
    } else {
      assert.ok(actual.result !== undefined, `${body}: ${output}`);
      // The same fields as documented (values depend on the chain's state).
      const shape = (value) => (value && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value).sort() : typeof value);
      assert.deepEqual(shape(actual.result), shape(documented.result), body);
    }
  }
});
