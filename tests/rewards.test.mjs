// pallet-rewards on a real dev node, through @polkadot/api: a sensor proves its uptime with a
// feeless heartbeat, its epoch closes, the runtime API reports the exact claimable amount, and
// the owner's claim pays exactly that (less the claim's own fee).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from './lib/network.mjs';
import { devAccounts, startDevChain, submitAndWatch, assertSuccess } from './lib/chain.mjs';
import { generalTransaction, tokenUnit } from 'depin-js';
import { newDevice, registerDevice, heartbeatMessage } from './lib/devices.mjs';

let chain;
let node;
let api;
/** One DPN in planck. */
let DPN;

before(async () => {
  chain = await startDevChain('rewards');
  ({ node, api } = chain);
  DPN = tokenUnit(api);
});

after(async () => {
  await chain?.stop();
});

async function currentEpoch(at) {
  return (await (at ? api.at(at) : api).query.coverage.currentEpoch()).toNumber();
}

test('an uptime reward is claimable after its epoch closes and the claim pays exactly that', async () => {
  const { ferdie } = devAccounts();
  const sensor = newDevice('Ed25519');
  await registerDevice(api, sensor, 'Sensor', ferdie);

  // A heartbeat at the start of an epoch, so that it is included within the epoch.
  const start = await currentEpoch();
  await waitFor(`epoch ${start + 1}`, async () => (await currentEpoch()) > start, 90_000);
  const epoch = start + 1;
  const heartbeat = api.tx.coverage.submitHeartbeat(
    { device: sensor.id, epoch },
    sensor.signature(heartbeatMessage(api, sensor, epoch)),
  );
  await node.rpc('author_submitExtrinsic', [generalTransaction(heartbeat.method.toU8a())]);
  await waitFor('the heartbeat on chain', async () => {
    const last = await api.query.coverage.lastHeartbeat(sensor.id);
    return last.isSome && last.unwrap().toNumber() === epoch;
  }, 60_000);

  // While the epoch runs, the reward is pending: the sensor holds all uptime units so far.
  const during = (await api.call.rewardsApi.deviceRewards(sensor.id)).unwrap();
  assert.equal(during.owner.toString(), ferdie.address);
  assert.equal(during.claimableTotal.toBigInt(), 0n);
  assert.equal(during.pending.toBigInt(), 2_800n * DPN);

  await waitFor(`epoch ${epoch} closed`, async () => (await currentEpoch()) > epoch, 90_000);
  const state = await api.call.rewardsApi.rewardState();
  assert.equal(state.schedule.initialPerEpoch.toBigInt(), 14_000n * DPN);
  assert.equal(state.split.uptime.toNumber(), 2_000);
  assert.equal(state.totalMinted.toBigInt() >= 14_000n * DPN, true);

  // The genesis split gives uptime 20 % of 14,000 DPN, and the sensor is alone in its pool.
  const rewards = (await api.call.rewardsApi.deviceRewards(sensor.id)).unwrap();
  assert.deepEqual(rewards.claimable.map(({ epoch: e, amount }) => [e.toNumber(), amount.toBigInt()]), [[epoch, 2_800n * DPN]]);
  const page = (await api.call.rewardsApi.accountRewards(ferdie.address, null, 10)).asOk;
  assert.equal(page.claimableTotal.toBigInt(), 2_800n * DPN);
  assert.equal(page.next.isNone, true);

  const claimed = await submitAndWatch(api, api.tx.rewards.claimRewards(), ferdie);
  assertSuccess(api, claimed);
  const paid = claimed.events.find(({ event }) => api.events.rewards.RewardsClaimed.is(event));
  assert.equal(paid.event.data.amount.toBigInt(), 2_800n * DPN);
  const fee = claimed.events.find(({ event }) => api.events.transactionPayment.TransactionFeePaid.is(event));
  const header = await api.rpc.chain.getHeader(claimed.blockHash);
  const before = (await (await api.at(header.parentHash)).query.system.account(ferdie.address)).data.free.toBigInt();
  const afterClaim = (await (await api.at(claimed.blockHash)).query.system.account(ferdie.address)).data.free.toBigInt();
  assert.equal(afterClaim - before, 2_800n * DPN - fee.event.data.actualFee.toBigInt());
  assert.equal((await api.call.rewardsApi.accountRewards(ferdie.address, null, 10)).asOk.lifetimePaid.toBigInt(), 2_800n * DPN);

  // Nothing is left: a second claim fails with a pallet error and changes nothing.
  const again = await submitAndWatch(api, api.tx.rewards.claimRewards(), ferdie);
  assert.throws(() => assertSuccess(api, again), /rewards\.NothingToClaim/);
});
