// pallet-devices and pallet-makers on a real dev node: devices registered with proofs of
// possession made by Node's own crypto (Ed25519 and ECDSA P-256, independent of the runtime's
// code) and the development maker's certificates or the X.509 chain of docs/signing.md, a
// location asserted, bad calls rejected without state change, revocations refusing a device's
// proofs, and sanctions that stay with the key.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { devAccounts, freeBalance, startDevChain, submitAndWatch, assertSuccess } from './lib/chain.mjs';
import { deviceFromSecret, docText, docValue, heartbeatMessage } from 'depin-js';
import { certificateFor, newDevice, proofFor, registerDevice } from './lib/devices.mjs';
import { u8aConcat, u8aToHex } from '@polkadot/util';

// Notre-Dame de Paris at resolutions 12, 11 and 8, from the H3 C library (Python h3 4.x); its
// H3 digits at resolutions 9 and 10 are 0 and 2.
const PARIS_RES12 = 0x8c1fb46624125ffn;
const PARIS_RES11 = 0x8b1fb4662412fffn;
const PARIS_RES8 = 0x881fb46625fffffn;
const SIGNING = docText('signing.md');

let chain;
let api;
/** The bond and the location fee the chain's parameters set. */
let DEVICE_BOND;
let LOCATION_FEE;

before(async () => {
  chain = await startDevChain('devices');
  api = chain.api;
  const params = await api.query.devices.params();
  [DEVICE_BOND, LOCATION_FEE] = [params.deviceBond.toBigInt(), params.locationFee.toBigInt()];
});

after(async () => {
  await chain?.stop();
});

/** Submits `sensor`'s heartbeat for the current epoch; resolves with its hash or its JSON-RPC error. */
async function submitHeartbeat(sensor) {
  const epoch = (await api.query.coverage.currentEpoch()).toNumber();
  const signature = sensor.sign(heartbeatMessage(api.genesisHash.toU8a(), sensor, epoch));
  return chain.node.rpc('depin_submitHeartbeat', [{ device: sensor.hex, epoch, signature: u8aToHex(signature) }]).catch((error) => error.rpcError);
}

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
    assert.ok(info.sanction.isNone);
    assert.ok(info.location.isNone);
    // In its slot of the owner index; the registration count lives in the record.
    const slot = info.ownerSlot.toNumber();
    const page = await api.query.devices.ownedDevices(bob.address, Math.floor(slot / 32));
    assert.equal(page[slot % 32].toHex(), u8aToHex(u8aConcat([device.tag], device.key)));
    assert.equal(info.registrations.toNumber(), 1);
    assert.ok((await api.query.devices.departures(device.id)).registrations.isZero());
    assert.equal((await api.call.devicesApi.registrationNonce(device.id)).toNumber(), 1);

    const before = await accountAt(await parentOf(inclusion.blockHash), bob.address);
    const after = await accountAt(inclusion.blockHash, bob.address);
    assert.equal(after.reserved.toBigInt() - before.reserved.toBigInt(), DEVICE_BOND, `${scheme}: bond held`);
  }
});

test('a proof made for another owner is rejected with devices.BadProof and changes nothing', async () => {
  const { bob, charlie } = devAccounts();
  const device = newDevice('P256');
  const tx = api.tx.devices.registerDevice(device.id, 'WifiHotspot', await proofFor(api, device, bob), certificateFor(api, device, 'WifiHotspot'));
  const inclusion = await submitAndWatch(api, tx, charlie);
  assert.throws(() => assertSuccess(api, inclusion), /devices\.BadProof/);
  assert.ok((await api.query.devices.devices(device.id)).isNone);
  assert.ok((await api.query.devices.departures(device.id)).registrations.isZero());
  const before = await accountAt(await parentOf(inclusion.blockHash), charlie.address);
  const after = await accountAt(inclusion.blockHash, charlie.address);
  assert.equal(after.reserved.toBigInt(), before.reserved.toBigInt());
});

test('asserting a location pays the fee to the treasury and counts the device in its density cells', async () => {
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

  // Resolutions 7 to 4: an entry per cell; 10 to 8: one entry for the resolution-8 cell, with
  // the resolution-9 child at position 0 (digit 0) and the resolution-10 one at 7 + 7·0 + 2.
  const cells = await api.query.devices.devicesInCell.entries('LoraHotspot');
  assert.equal(cells.length, 4);
  assert.ok(cells.every(([, density]) => density.devices.toNumber() === 1));
  const fine = (await api.query.devices.devicesInFineCells('LoraHotspot', PARIS_RES8)).unwrap();
  assert.equal(fine.devices.toNumber(), 1);
  assert.deepEqual(
    fine.children.map((child) => [child.position.toNumber(), child.devices.toNumber()]),
    [[0, 1], [9, 1]],
  );
});

test('an uncertified or wrongly certified device is refused; the certified one pays the onboarding fee', async () => {
  const { eve } = devAccounts();
  const device = newDevice('Ed25519');
  const other = newDevice('Ed25519');
  const refused = [
    [null, /devices\.CertificateRequired/],
    [certificateFor(api, other, 'Sensor'), /makers\.CertificateForAnotherDevice/],
    [certificateFor(api, device, 'Energy'), /makers\.CertificateForAnotherKind/],
    [certificateFor(api, device, 'Sensor', { batch: 0, signer: newDevice('Ed25519') }), /makers\.UnknownMakerKey/],
  ];
  for (const [certificate, error] of refused) {
    const tx = api.tx.devices.registerDevice(device.id, 'Sensor', await proofFor(api, device, eve), certificate);
    const inclusion = await submitAndWatch(api, tx, eve);
    assert.throws(() => assertSuccess(api, inclusion), error);
    assert.ok((await api.query.devices.devices(device.id)).isNone);
  }

  const maker = (await api.query.makers.makers(0)).unwrap();
  const fee = maker.terms.onboardingFee.toBigInt();
  assert.ok(fee > 0n);
  const inclusion = await registerDevice(api, device, 'Sensor', eve, { batch: 3, serial: 42 });
  const record = (await api.query.devices.devices(device.id)).unwrap();
  assert.deepEqual(record.certification.unwrap().toJSON(), { maker: 0, key: 0, batch: 3, serial: 42, capability: { unrated: null } });
  const before = await accountAt(await parentOf(inclusion.blockHash), eve.address);
  const after = await accountAt(inclusion.blockHash, eve.address);
  const paid = inclusion.events.find(({ event }) => api.events.transactionPayment.TransactionFeePaid.is(event)).event.data.actualFee.toBigInt();
  assert.equal(before.free.toBigInt() - after.free.toBigInt() - paid, DEVICE_BOND + fee, 'bond held and onboarding fee paid');
  assert.equal((await api.query.makers.makers(0)).unwrap().certified.toNumber(), maker.certified.toNumber() + 1);
});

test('after its batch is recalled or its maker revoked, the pool refuses the device’s proofs naming why', async () => {
  const { alice, charlie, ferdie } = devAccounts();
  const sensor = newDevice('P256');
  await registerDevice(api, sensor, 'Sensor', ferdie, { batch: 77 });
  const heartbeat = () => submitHeartbeat(sensor);
  const revocation = async () => (await chain.node.rpc('depin_device', [sensor.hex])).revocation;

  // The maker (Charlie's account) recalls the batch: the device is refused, its record untouched.
  assertSuccess(api, await submitAndWatch(api, api.tx.makers.recallBatch(0, 77), charlie));
  assert.deepEqual(await heartbeat(), { code: 4002, message: 'proof rejected: BatchRecalled', data: { error: 'BatchRecalled', code: 17 } });
  assert.equal(await revocation(), 'batchRecalled');
  assertSuccess(api, await submitAndWatch(api, api.tx.makers.restoreBatch(0, 77), charlie));
  assert.equal(await revocation(), null);

  // Governance revokes the maker: every device it certified is refused; reinstating undoes it.
  assertSuccess(api, await submitAndWatch(api, api.tx.sudo.sudo(api.tx.makers.setMakerStatus(0, 'Revoked')), alice));
  assert.equal((await heartbeat()).message, 'proof rejected: MakerRevoked');
  assert.equal(await revocation(), 'makerRevoked');
  assertSuccess(api, await submitAndWatch(api, api.tx.sudo.sudo(api.tx.makers.setMakerStatus(0, 'Active')), alice));
  assert.match(await heartbeat(), /^0x[0-9a-f]{64}$/, 'accepted again');
});

test('a secure element’s X.509 chain registers its chip once governance registers the maker’s root', async () => {
  const { alice, dave } = devAccounts();
  // As hex: polkadot.js takes `0x` strings for byte vectors.
  const x509 = (name) => u8aToHex(docValue(SIGNING, `x509.${name}`));
  const chip = deviceFromSecret('P256', docValue(SIGNING, 'p256.secret'));
  const chain = (...certificates) => ({ X509: { root: x509('root_id'), certificates } });
  const register = async (certificate) => submitAndWatch(
    api, api.tx.devices.registerDevice(chip.id, 'LoraHotspot', await proofFor(api, chip, dave), certificate), dave,
  );
  const refuse = async (certificate, error) => {
    const inclusion = await register(certificate);
    assert.throws(() => assertSuccess(api, inclusion), error);
    assert.ok((await api.query.devices.devices(chip.id)).isNone);
  };

  await refuse(chain(x509('device'), x509('signer')), /makers\.UnknownRoot/);
  const root = api.tx.makers.registerX509Root(0, x509('root'), 'LoraHotspot', 'Unrated');
  assertSuccess(api, await submitAndWatch(api, api.tx.sudo.sudo(root), alice));
  await refuse(chain(x509('signer'), x509('device')), /makers\.NotCertificateAuthority/);
  await refuse(chain(x509('device')), /makers\.ChainTooShort/);

  assertSuccess(api, await register(chain(x509('device'), x509('signer'))));
  const certification = (await api.query.devices.devices(chip.id)).unwrap().certification.unwrap();
  assert.equal(certification.maker.toNumber(), 0);
  assert.equal(certification.batch.toNumber(), Buffer.from(x509('batch').slice(2), 'hex').readUInt32BE());
  assert.equal(certification.serial.toBigInt(), Buffer.from(x509('serial').slice(2), 'hex').readBigUInt64BE());
  // The root's key took the place after the development maker's one key, which the record names.
  assert.equal(certification.key.toNumber(), 1);
});

test('an upheld challenge pays its challenger, and the denied key stays denied for its next owner', async () => {
  const { alice, bob, dave, eve } = devAccounts();
  // P-256: every heartbeat signature differs, so the pool never takes a repeat for a refused one.
  const sensor = newDevice('P256');
  await registerDevice(api, sensor, 'Sensor', dave);
  const params = await api.query.devices.params();
  const evidence = `0x${'c1'.repeat(32)}`;

  // Bob challenges with a bond; while the challenge is open the owner cannot walk away.
  assertSuccess(api, await submitAndWatch(api, api.tx.devices.challengeDevice(sensor.id, 'ClonedKey', evidence), bob));
  const challenged = await chain.node.rpc('depin_device', [sensor.hex]);
  assert.deepEqual(
    [challenged.challenge.challenger, challenged.challenge.reason, challenged.challenge.evidence, challenged.challenge.bond],
    [bob.address, 'clonedKey', evidence, params.challengeBond.toString()],
  );
  const fleeing = await submitAndWatch(api, api.tx.devices.deregisterDevice(sensor.id), dave);
  assert.throws(() => assertSuccess(api, fleeing), /devices\.ChallengePending/);

  // Governance upholds: the device is denied, Bob gets his bond back and a share of the slash.
  const before = await freeBalance(api, bob.address);
  const upheld = await submitAndWatch(api, api.tx.sudo.sudo(api.tx.devices.upholdChallenge(sensor.id)), alice);
  assertSuccess(api, upheld);
  const perBillion = 1_000_000_000n;
  const slash = (DEVICE_BOND * params.denialSlash.toBigInt()) / perBillion;
  const reward = (slash * params.challengeReward.toBigInt()) / perBillion;
  assert.ok(reward > 0n);
  assert.equal((await freeBalance(api, bob.address)) - before, params.challengeBond.toBigInt() + reward);
  assert.deepEqual(await submitHeartbeat(sensor), { code: 4002, message: 'proof rejected: DeviceNotActive', data: { error: 'DeviceNotActive', code: 1 } });

  // Dave leaves with what is left of the bond; Eve registers the key again: it is still denied.
  assertSuccess(api, await submitAndWatch(api, api.tx.devices.deregisterDevice(sensor.id), dave));
  assert.equal((await api.call.devicesApi.sanction(sensor.id)).unwrap().status.toString(), 'Denied');
  await registerDevice(api, sensor, 'Sensor', eve);
  const denied = await chain.node.rpc('depin_device', [sensor.hex]);
  assert.deepEqual(
    [denied.owner, denied.status, denied.sanction.reason, denied.sanction.evidence, denied.sanction.appeal],
    [eve.address, 'denied', 'clonedKey', evidence, null],
  );
  assert.equal((await submitHeartbeat(sensor)).message, 'proof rejected: DeviceNotActive');

  // Eve appeals with a deposit; governance grants it and the device earns again.
  assertSuccess(api, await submitAndWatch(api, api.tx.devices.appeal(sensor.id), eve));
  const appealed = await chain.node.rpc('depin_device', [sensor.hex]);
  assert.deepEqual(appealed.sanction.appeal, { appellant: eve.address, deposit: params.appealDeposit.toString() });
  assertSuccess(api, await submitAndWatch(api, api.tx.sudo.sudo(api.tx.devices.decideAppeal(sensor.id, true)), alice));
  assert.equal((await chain.node.rpc('depin_device', [sensor.hex])).status, 'active');
  assert.match(await submitHeartbeat(sensor), /^0x[0-9a-f]{64}$/, 'accepted again');
});

