// pallet-coverage on a real dev node: devices with no account and no tokens prove uptime and
// coverage with feeless general transactions (extrinsic v5) authorized by their own signatures;
// the pool rejects replays and forgeries with the documented error codes.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { u8aToHex } from '@polkadot/util';
import h3 from 'h3-js';
import { waitFor } from './lib/network.mjs';
import { devAccounts, startDevChain, submitAndWatch, assertSuccess } from './lib/chain.mjs';
import { generalTransaction } from 'depin-js';
import { newDevice, registerDevice, heartbeatMessage, beaconOnBest, signedAnnouncement, signedReceipt, signedReport, NOTRE_DAME, EIFFEL } from './lib/devices.mjs';

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
  const signature = sensor.signature(heartbeatMessage(api, sensor, epoch));
  const call = api.tx.coverage.submitHeartbeat({ device: sensor.id, epoch }, signature);
  const bobBefore = (await api.query.system.account(bob.address)).data.free.toBigInt();

  const { hash, error } = await submitRaw(generalTransaction(call.method.toU8a()));
  assert.equal(error, undefined, `submitted: ${error?.message}`);
  assert.match(hash, /^0x[0-9a-f]{64}$/);
  await waitFor('the heartbeat on chain', async () => {
    const last = await api.query.coverage.lastHeartbeat(sensor.id);
    return last.isSome && last.unwrap().toNumber() === epoch;
  }, 60_000);
  // Nobody paid a fee for it.
  assert.equal((await api.query.system.account(bob.address)).data.free.toBigInt(), bobBefore);

  // The same bytes again: the pool knows them.
  const replay = await submitRaw(generalTransaction(call.method.toU8a()));
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
  const forged = sensor.signature(heartbeatMessage(api, sensor, epoch + 1000));
  const call = api.tx.coverage.submitHeartbeat({ device: sensor.id, epoch }, forged);
  const { error } = await submitRaw(generalTransaction(call.method.toU8a()));
  assert.ok(error, 'rejected');
  assert.match(JSON.stringify(error.rpcError), /Custom error: 5/);
  assert.ok((await api.query.coverage.lastHeartbeat(sensor.id)).isNone);
});

test('a beacon receipt with a witness report, both device-signed, credits both without fees', async () => {
  const { eve } = devAccounts();
  const beaconer = newDevice('Ed25519');
  const witness = newDevice('P256');
  for (const [device, cell] of [[beaconer, NOTRE_DAME], [witness, EIFFEL]]) {
    await registerDevice(api, device, 'LoraHotspot', eve);
    assertSuccess(api, await submitAndWatch(api, api.tx.devices.assertLocation(device.id, cell, 12, 10), eve));
  }

  const beacon = await beaconOnBest(api, beaconer, new Uint8Array(16).fill(9));
  const best = beacon.entropyBlock;
  const measurements = { rssiDbmX10: -1_150, snrDbX10: 40, frequencyKhz: 868_120, arrivalUs: 850 };
  const { call } = signedReceipt(api, beaconer, beacon, [{ witness, measurements }]);
  const eveBefore = (await api.query.system.account(eve.address)).data.free.toBigInt();

  const { error } = await submitRaw(generalTransaction(call.method.toU8a()));
  assert.equal(error, undefined, `submitted: ${error?.message}`);
  const accepted = await waitFor('ReceiptAccepted', async () => {
    const events = await api.query.system.events();
    return events.map(({ event }) => event).find((event) => api.events.coverage.ReceiptAccepted.is(event)) ?? null;
  }, 60_000);
  assert.equal(accepted.data.beaconer.toString(), api.createType('DepinPrimitivesDeviceDeviceKey', beaconer.id).toString());
  const verdicts = accepted.data.witnesses.map(([, verdict]) => verdict.toString());
  assert.deepEqual(verdicts, ['Selected']);
  // One witness: the beaconer earns 1/4 unit and the witness 1 unit (no density scaling here).
  assert.equal(accepted.data.beaconUnits.toNumber(), 250_000);
  assert.equal(accepted.data.witnessUnits.toNumber(), 1_000_000);
  assert.equal((await api.query.coverage.lastBeacon(beaconer.id)).unwrap().toNumber() > best, true);
  assert.equal((await api.query.system.account(eve.address)).data.free.toBigInt(), eveBefore);

  // A second beacon within the interval is refused by the pool: BeaconTooSoon (code 11).
  const again = { ...beacon, localEntropy: u8aToHex(new Uint8Array(16).fill(1)) };
  const tooSoon = signedReceipt(api, beaconer, again, [{ witness, measurements }]).call;
  const refused = await submitRaw(generalTransaction(tooSoon.method.toU8a()));
  assert.match(JSON.stringify(refused.error?.rpcError), /Custom error: 11/);
});

test('the region plan bounds a beacon, places witnesses, and is kept by governance', async () => {
  const { eve, alice } = devAccounts();
  const beaconer = newDevice('Ed25519');
  const witness = newDevice('Ed25519');
  for (const [device, cell] of [[beaconer, NOTRE_DAME], [witness, EIFFEL]]) {
    await registerDevice(api, device, 'LoraHotspot', eve);
    assertSuccess(api, await submitAndWatch(api, api.tx.devices.assertLocation(device.id, cell, 12, 10), eve));
  }
  const code = (name) => api.errors.coverage[name].meta.index.toNumber();
  const measurements = { rssiDbmX10: -1_150, snrDbX10: 40, frequencyKhz: 868_100, arrivalUs: 850 };
  /** Submits a receipt of a fresh beacon on `radio`; resolves to the pool's error, if any. */
  async function beaconWith(radio, reports = [{ witness, measurements }]) {
    const beacon = await beaconOnBest(api, beaconer, new Uint8Array(16).fill(5), radio);
    const { call } = signedReceipt(api, beaconer, beacon, reports);
    return (await submitRaw(generalTransaction(call.method.toU8a()))).error;
  }
  const refusedWith = (error, name) => assert.match(JSON.stringify(error?.rpcError), new RegExp(`Custom error: ${code(name)}\\b`), name);

  // Paris is EU868: 868.0 MHz is no beacon channel there, and 15 dBm from a 1.2 dBi antenna
  // radiates 16.2 dBm, above EU868's 16.1.
  refusedWith(await beaconWith({ frequencyKhz: 868_000, txPowerDbmX10: 140 }), 'FrequencyNotAChannel');
  refusedWith(await beaconWith({ frequencyKhz: 868_100, txPowerDbmX10: 150 }), 'AboveMaxEirp');
  assert.ok((await api.query.coverage.lastBeacon(beaconer.id)).isNone, 'a refused beacon takes no slot');

  // Governance maps the beaconer's resolution-4 cell to US915: its EU868 beacon is refused.
  const area = BigInt(`0x${h3.cellToParent(NOTRE_DAME.toString(16), 4)}`);
  const remap = (region) => submitAndWatch(api, api.tx.sudo.sudo(api.tx.coverage.setCellRegions([[area, region]])), alice);
  assertSuccess(api, await remap('Us915'));
  assert.equal((await api.query.coverage.cellRegions(area)).unwrap().toString(), 'Us915');
  refusedWith(await beaconWith({ frequencyKhz: 868_100, txPowerDbmX10: 140 }), 'FrequencyNotAChannel');
  assertSuccess(api, await remap(null));
  assert.ok((await api.query.coverage.cellRegions(area)).isNone);

  // Back in EU868, a witness whose report claims −150.1 dBm received nothing.
  const faint = { ...measurements, rssiDbmX10: -1_501 };
  const error = await beaconWith({ frequencyKhz: 868_100, txPowerDbmX10: 140 }, [{ witness, measurements: faint }]);
  assert.equal(error, undefined, `submitted: ${error?.message}`);
  const accepted = await waitFor('ReceiptAccepted', async () => {
    const events = await api.query.system.events();
    return events.map(({ event }) => event).find((event) => api.events.coverage.ReceiptAccepted.is(event) && event.data.beaconer.eq(api.createType('DepinPrimitivesDeviceDeviceKey', beaconer.id))) ?? null;
  }, 60_000);
  const [[, verdict]] = accepted.data.witnesses;
  assert.ok(verdict.isInvalid && verdict.asInvalid.type === 'RssiBelowSensitivity', verdict.toString());
});

test('an announced beacon: witnesses report through any relayer, the reveal pays only receivers', async () => {
  const { eve } = devAccounts();
  const beaconer = newDevice('Ed25519');
  const witness = newDevice('P256');
  const deaf = newDevice('Ed25519');
  // The deaf device sits 2 km south of the Eiffel tower: a valid place, but it heard nothing.
  const south = BigInt(`0x${h3.latLngToCell(48.840, 2.2945, 12)}`);
  for (const [device, cell] of [[beaconer, NOTRE_DAME], [witness, EIFFEL], [deaf, south]]) {
    await registerDevice(api, device, 'LoraHotspot', eve);
    assertSuccess(api, await submitAndWatch(api, api.tx.devices.assertLocation(device.id, cell, 12, 10), eve));
  }
  const code = (name) => api.errors.coverage[name].meta.index.toNumber();
  const refusedWith = (result, name) => assert.match(JSON.stringify(result.error?.rpcError), new RegExp(`Custom error: ${code(name)}\\b`), name);
  const eveBefore = (await api.query.system.account(eve.address)).data.free.toBigInt();
  const beaconerKey = api.createType('DepinPrimitivesDeviceDeviceKey', beaconer.id);
  const eventOf = (name) => waitFor(name, async () => {
    const events = await api.query.system.events();
    return events.map(({ event }) => event).find((event) => api.events.coverage[name].is(event) && (!event.data.beaconer || event.data.beaconer.eq(beaconerKey))) ?? null;
  }, 60_000);

  const localEntropy = new Uint8Array(16).fill(3);
  const beacon = await beaconOnBest(api, beaconer, localEntropy);
  const announced = await submitRaw(generalTransaction(signedAnnouncement(api, beaconer, beacon).call.method.toU8a()));
  assert.equal(announced.error, undefined, `announced: ${announced.error?.message}`);
  const announcedAt = (await eventOf('BeaconAnnounced')).data.announcedAt.toNumber();

  const measured = { rssiDbmX10: -1_150, snrDbX10: 40, frequencyKhz: 868_120 };
  const heard = signedReport(api, { beaconer, announcedAt, witness, payload: beacon.payload, ...measured }).signed;
  // Without the payload, the deaf device can only commit to a guess.
  const guessed = signedReport(api, { beaconer, announcedAt, witness: deaf, payload: new Uint8Array(32).fill(1), ...measured }).signed;
  const batch = (reports) => generalTransaction(api.tx.coverage.submitReports(reports).method.toU8a());
  // A report whose measurements were changed after signing spoils the whole batch.
  const tampered = { ...guessed, report: { ...guessed.report, rssiDbmX10: -1_100 } };
  refusedWith(await submitRaw(batch([heard, tampered])), 'BadSignature');
  const relayed = await submitRaw(batch([heard, guessed]));
  assert.equal(relayed.error, undefined, `relayed: ${relayed.error?.message}`);
  await eventOf('ReportsAccepted');
  assert.equal((await api.query.coverage.openBeacons(beaconer.id)).unwrap().reports.toNumber(), 2);
  refusedWith(await submitRaw(batch([heard])), 'AlreadyReported');

  const { reportWindow } = (await api.query.coverage.params()).toJSON();
  const reveal = generalTransaction(api.tx.coverage.revealBeacon(beaconer.id, u8aToHex(localEntropy), 2).method.toU8a());
  // Other bytes than the real reveal's: the pool bans a refused transaction's hash for a while.
  const early = generalTransaction(api.tx.coverage.revealBeacon(beaconer.id, u8aToHex(localEntropy), 3).method.toU8a());
  refusedWith(await submitRaw(early), 'ReportWindowOpen');
  await waitFor('the report window to close', async () => (await api.rpc.chain.getHeader()).number.toNumber() >= announcedAt + reportWindow, 60_000);
  const wrongEntropy = generalTransaction(api.tx.coverage.revealBeacon(beaconer.id, u8aToHex(new Uint8Array(16)), 2).method.toU8a());
  refusedWith(await submitRaw(wrongEntropy), 'SealMismatch');
  const revealed = await submitRaw(reveal);
  assert.equal(revealed.error, undefined, `revealed: ${revealed.error?.message}`);
  const settled = await eventOf('BeaconRevealed');
  const verdicts = Object.fromEntries(settled.data.witnesses.map(([key, verdict]) => [key.toString(), verdict]));
  const verdictOf = (device) => verdicts[api.createType('DepinPrimitivesDeviceDeviceKey', device.id).toString()];
  assert.equal(verdictOf(witness).toString(), 'Selected');
  assert.ok(verdictOf(deaf).isInvalid && verdictOf(deaf).asInvalid.type === 'CommitmentMismatch', verdictOf(deaf).toString());
  // One witness: the beaconer earns 1/4 of the witness's unit, both scaled by the beaconer's
  // density (the earlier tests' hotspots share its area).
  const [beaconUnits, witnessUnits] = [settled.data.beaconUnits.toNumber(), settled.data.witnessUnits.toNumber()];
  assert.ok(witnessUnits > 0 && witnessUnits <= 1_000_000, `witness units ${witnessUnits}`);
  assert.ok(Math.abs(beaconUnits * 4 - witnessUnits) <= 4, `${beaconUnits} × 4 vs ${witnessUnits}`);
  assert.ok((await api.query.coverage.openBeacons(beaconer.id)).isNone);
  assert.equal((await api.query.system.account(eve.address)).data.free.toBigInt(), eveBefore);
});
