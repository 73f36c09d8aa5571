// pallet-devices on a real dev node: devices registered with proofs of possession made by
// Node's own crypto (Ed25519 and ECDSA P-256, independent of the runtime's code), a location
// asserted, and bad calls rejected without state change.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { devAccounts, startDevChain, submitAndWatch, assertSuccess } from './lib/chain.mjs';
import { newDevice, proofFor, registerDevice } from './lib/devices.mjs';

const UNIT = 1_000_000_000_000n;
const DEVICE_BOND = 10n * UNIT; // development preset
const LOCATION_FEE = UNIT; // development preset
// Notre-Dame de Paris at resolutions 12 and 11, from the H3 C library (Python h3 4.x).
const PARIS_RES12 = 0x8c1fb46624125ffn;
const PARIS_RES11 = 0x8b1fb4662412fffn;

let chain;
let api;

before(async () => {
  chain = await startDevChain('devices');
  api = chain.api;
});

after(async () => {
  await chain?.stop();
});

async function accountAt(blockHash, address) {
  return (await (await api.at(blockHash)).query.system.account(address)).data;
}

async function parentOf(blockHash) {
  return (await api.rpc.chain.getHeader(blockHash)).parentHash;
}

test('devices with Ed25519 and P-256 keys register with their proofs and hold the bond', async () => {
  const { bob } = devAccounts();
  for (const [scheme, kind] of [['Ed25519', 'LoraHotspot'], ['P256', 'Sensor']]) {
    const device = newDevice(scheme);
    const inclusion = await registerDevice(api, device, kind, bob);
    const registered = inclusion.events.find(({ event }) => api.events.devices.DeviceRegistered.is(event));
    assert.ok(registered, `${scheme}: DeviceRegistered emitted`);
    assert.equal(registered.event.data.owner.toString(), bob.address);
    assert.equal(registered.event.data.bond.toBigInt(), DEVICE_BOND);

    const info = (await api.query.devices.devices(device.id)).unwrap();
    assert.equal(info.owner.toString(), bob.address);
    assert.equal(info.kind.toString(), kind);
    assert.equal(info.status.toString(), 'Active');
    assert.ok(info.location.isNone);
    assert.ok((await api.query.devices.ownedDevices(bob.address, device.id)).isSome);
    assert.equal((await api.query.devices.registrationNonce(device.id)).toNumber(), 1);

    const before = await accountAt(await parentOf(inclusion.blockHash), bob.address);
    const after = await accountAt(inclusion.blockHash, bob.address);
    assert.equal(after.reserved.toBigInt() - before.reserved.toBigInt(), DEVICE_BOND, `${scheme}: bond held`);
  }
});

test('a proof made for another owner is rejected with devices.BadProof and changes nothing', async () => {
  const { bob, charlie } = devAccounts();
  const device = newDevice('P256');
  const tx = api.tx.devices.registerDevice(device.id, 'WifiHotspot', await proofFor(api, device, bob));
  const inclusion = await submitAndWatch(api, tx, charlie);
  assert.throws(() => assertSuccess(api, inclusion), /devices\.BadProof/);
  assert.ok((await api.query.devices.devices(device.id)).isNone);
  assert.equal((await api.query.devices.registrationNonce(device.id)).toNumber(), 0);
  const before = await accountAt(await parentOf(inclusion.blockHash), charlie.address);
  const after = await accountAt(inclusion.blockHash, charlie.address);
  assert.equal(after.reserved.toBigInt(), before.reserved.toBigInt());
});

test('asserting a location pays the fee to the treasury and counts the device in its eight density cells', async () => {
  const { dave } = devAccounts();
  const device = newDevice('Ed25519');
  await registerDevice(api, device, 'LoraHotspot', dave);

  // A resolution-11 cell is the wrong resolution for a location.
  const wrong = await submitAndWatch(api, api.tx.devices.assertLocation(device.id, PARIS_RES11, 12, 5), dave);
  assert.throws(() => assertSuccess(api, wrong), /devices\.WrongResolution/);

  const inclusion = await submitAndWatch(api, api.tx.devices.assertLocation(device.id, PARIS_RES12, 12, 5), dave);
  assertSuccess(api, inclusion);
  const asserted = inclusion.events.find(({ event }) => api.events.devices.LocationAsserted.is(event));
  assert.equal(asserted.event.data.cell.toBigInt(), PARIS_RES12);
  assert.equal(asserted.event.data.fee.toBigInt(), LOCATION_FEE);
  const location = (await api.query.devices.devices(device.id)).unwrap().location.unwrap();
  assert.equal(location.cell.toBigInt(), PARIS_RES12);
  assert.equal(location.gainDbiX10.toNumber(), 12);

  // The location fee goes to the treasury.
  const treasury = (await api.call.rewardsApi.rewardState()).treasury.toString();
  const deposits = inclusion.events
    .map(({ event }) => event)
    .filter((event) => api.events.balances.Deposit.is(event) && event.data.who.toString() === treasury)
    .map((event) => event.data.amount.toBigInt());
  assert.ok(deposits.includes(LOCATION_FEE), `the treasury received ${LOCATION_FEE}: ${deposits}`);

  const cells = await api.query.devices.devicesInCell.entries('LoraHotspot');
  const counted = cells.map(([key, density]) => [key.args[1].toBigInt(), density.devices.toNumber()]);
  assert.equal(counted.length, 8);
  assert.ok(counted.some(([cell, count]) => cell === PARIS_RES11 && count === 1), 'counted in its resolution-11 parent');
});
