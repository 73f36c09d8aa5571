// pallet-coverage on a real dev node: a device with no account and no tokens proves its uptime
// with a feeless general transaction (extrinsic v5) authorized by its own signature; the pool
// rejects a replay and a forged signature with the documented error codes.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { compactAddLength, u8aConcat, u8aToHex } from '@polkadot/util';
import { waitFor } from './lib/network.mjs';
import { devAccounts, startDevChain, submitAndWatch, assertSuccess } from './lib/chain.mjs';
import { newDevice, registerDevice, heartbeatMessage } from './lib/devices.mjs';

let chain;
let node;
let api;

before(async () => {
  chain = await startDevChain('coverage');
  ({ node, api } = chain);
});

after(async () => {
  await chain?.stop();
});

/** An Ed25519 sensor registered for `owner`. */
async function registeredSensor(owner) {
  const sensor = newDevice('Ed25519');
  await registerDevice(api, sensor, 'Sensor', owner);
  return sensor;
}

/** Waits for the next epoch to start, so that a heartbeat has a whole epoch to be included. */
async function nextEpoch() {
  const now = (await api.query.coverage.currentEpoch()).toNumber();
  await waitFor(`epoch ${now + 1}`, async () => (await api.query.coverage.currentEpoch()).toNumber() > now, 90_000);
  return now + 1;
}

/**
 * A general transaction (extrinsic format v5): preamble 0x45, extension version 0, then the
 * explicit extension data — immortal era (0x00), nonce 0 (0x00), tip 0 (0x00) — then the call.
 */
function generalTransaction(call) {
  const body = u8aConcat([0x45, 0x00], [0x00, 0x00, 0x00], call.method.toU8a());
  return u8aToHex(compactAddLength(body));
}

async function submitRaw(hex) {
  try {
    return { hash: await node.rpc('author_submitExtrinsic', [hex]) };
  } catch (error) {
    return { error };
  }
}

test('a device with no tokens proves its uptime with a feeless general transaction', async () => {
  const { bob } = devAccounts();
  const sensor = await registeredSensor(bob);
  const epoch = await nextEpoch();
  const signature = sensor.sign(heartbeatMessage(api, sensor, epoch));
  const call = api.tx.coverage.submitHeartbeat({ device: sensor.id, epoch }, signature);
  const bobBefore = (await api.query.system.account(bob.address)).data.free.toBigInt();

  const { hash, error } = await submitRaw(generalTransaction(call));
  assert.equal(error, undefined, `submitted: ${error?.message}`);
  assert.match(hash, /^0x[0-9a-f]{64}$/);
  await waitFor('the heartbeat on chain', async () => {
    const last = await api.query.coverage.lastHeartbeat(sensor.id);
    return last.isSome && last.unwrap().toNumber() === epoch;
  }, 60_000);
  // Nobody paid a fee for it.
  assert.equal((await api.query.system.account(bob.address)).data.free.toBigInt(), bobBefore);

  // The same bytes again: the pool knows them.
  const replay = await submitRaw(generalTransaction(call));
  assert.ok(replay.error, 'the replay is rejected');
  assert.match(JSON.stringify(replay.error.rpcError), /Already Imported|temporarily banned|Custom error: 4/);
  // The same heartbeat submitted by its owner in a signed transaction fails on the rule itself.
  const again = await submitAndWatch(api, call, bob);
  assert.throws(() => assertSuccess(api, again), /coverage\.HeartbeatAlreadyAccepted/);
});

test('a forged heartbeat signature is rejected by the pool with code 5 (BadSignature)', async () => {
  const { charlie } = devAccounts();
  const sensor = await registeredSensor(charlie);
  const epoch = (await api.query.coverage.currentEpoch()).toNumber();
  const forged = sensor.sign(heartbeatMessage(api, sensor, epoch + 1000));
  const call = api.tx.coverage.submitHeartbeat({ device: sensor.id, epoch }, forged);
  const { error } = await submitRaw(generalTransaction(call));
  assert.ok(error, 'rejected');
  assert.match(JSON.stringify(error.rpcError), /Custom error: 5/);
  assert.ok((await api.query.coverage.lastHeartbeat(sensor.id)).isNone);
});
