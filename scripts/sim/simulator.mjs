// The fleet simulator: registers a fleet of LoRa hotspots on real H3 cells around Paris, runs
// beacon rounds whose witnesses hear them by free-space path loss plus urban loss and noise,
// and mixes in cheaters. Every proof goes through the node's `depin_submitReceipt` and is
// judged by the chain's rules; the simulator only plays the radios (and, for the relay ring,
// the off-chain analysis that feeds governance's edge deny list).
//
//   node scripts/sim/simulator.mjs --url ws://127.0.0.1:9944 --out DIR [--honest 120] [--epochs 4]
//
// Writes DIR/fleet.json (every device, its group, positions and rewards per epoch) and prints
// what each group earned. scripts/simulate runs it against a fresh dev chain and plots the map.

import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ApiPromise, WsProvider, Keyring } from '@polkadot/api';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import * as h3 from 'h3-js';
import { beaconPayload, bytesFrom, certificateFor, fsplDb, gaussian as normal, newDevice, proofFor, seeded, signedReceipt, tokenUnit } from 'depin-js';
import { cliArgs } from '../../tests/lib/network.mjs';

const args = cliArgs();
const url = args.url ?? 'ws://127.0.0.1:9944';
const outDir = args.out ?? 'sim-out';
const HONEST = Number(args.honest ?? 120);
const EPOCHS = Number(args.epochs ?? 4);
const SEED = Number(args.seed ?? 7);
if (!(HONEST >= 10) || !(EPOCHS >= 2)) throw new Error('--honest must be at least 10 and --epochs at least 2');

// Seeded, so that runs are repeatable: layout, keys, noise and beacons.
const random = seeded(SEED);
const gaussian = () => normal(random);

const PARIS = [48.8566, 2.3522];
const LYON = [45.764, 4.8357];
const RING_SITE = [49.25, 3.05]; // open country 60 km north-east of Paris
const FREQUENCY_KHZ = 868_100;
const TX_DBM = 14;
const GAIN_DBI = 1.2;
const SENSITIVITY_DBM = -125;

/** A point `km` away from `centre` at `bearing` radians. */
function offset([lat, lng], km, bearing) {
  const dLat = (km * Math.cos(bearing)) / 111.32;
  const dLng = (km * Math.sin(bearing)) / (111.32 * Math.cos((lat * Math.PI) / 180));
  return [lat + dLat, lng + dLng];
}
const scatter = (centre, radiusKm) => offset(centre, radiusKm * Math.sqrt(random()), 2 * Math.PI * random());

function distanceKm([lat1, lng1], [lat2, lng2]) {
  const rad = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * rad) / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lng2 - lng1) * rad) / 2) ** 2;
  return 12_742 * Math.asin(Math.sqrt(a));
}


/** What a radio at `to` receives from one at `from`: FSPL, urban clutter growing with distance, noise. */
function rssiDbm(from, to) {
  const km = distanceKm(from, to);
  return TX_DBM + 2 * GAIN_DBI - fsplDb(km, FREQUENCY_KHZ / 1000) - (12 + 2.5 * km) + 3 * gaussian();
}

// The fleet. `actual` is where the radio is; `claimed` where its owner asserts it is.
const devices = [];
function add(group, actual, claimed = actual) {
  devices.push({ group, actual, claimed, key: newDevice('Ed25519', (n) => bytesFrom(random, n)), rewards: [] });
}
for (let i = 0; i < HONEST; i++) add('honest', scatter(PARIS, 9));
const farmSpot = scatter(PARIS, 4);
for (let i = 0; i < 8; i++) add('farm', farmSpot);
for (let i = 0; i < 6; i++) add('fake witness', scatter(PARIS, 8));
// Sits in Paris, claims Lyon (400 km away).
add('false location', scatter(PARIS, 8), LYON);
// Declare a beacon on 1 kHz or at 3,276.7 dBm, which would let their accomplices' −45 dBm
// reports pass any free-space bound.
for (let i = 0; i < 4; i++) add('loud beaconer', scatter(PARIS, 8));
for (let i = 0; i < 6; i++) {
  // Radios anywhere (here: scattered over 150 km) claiming a tidy ring; an internet relay
  // forwards beacons between them.
  add('relay ring', scatter(PARIS, 150), offset(RING_SITE, 1.5, (i * Math.PI) / 3));
}
const cellOf = (point) => BigInt(`0x${h3.latLngToCell(point[0], point[1], 12)}`);

await cryptoWaitReady();
const provider = new WsProvider(url);
const api = await ApiPromise.create({ provider, noInitWarn: true });
const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
const owners = { honest: '//Bob', farm: '//Charlie', 'fake witness': '//Dave', 'false location': '//Eve', 'relay ring': '//Ferdie', 'loud beaconer': '//Eve' };
const sudo = keyring.addFromUri('//Alice');
const rpc = (method, params) => provider.send(method, params);
const MAX_WITNESSES = api.consts.coverage.maxWitnessesPerReceipt.toNumber();

/** Sends `tx` signed by `signer` and resolves when it is in a block, failing on a dispatch error. */
function send(tx, signer) {
  return new Promise((resolve, reject) => {
    tx.signAndSend(signer, { nonce: -1 }, ({ status, dispatchError }) => {
      if (dispatchError) {
        const detail = dispatchError.isModule ? api.registry.findMetaError(dispatchError.asModule) : dispatchError;
        reject(new Error(`${detail.section ?? ''}.${detail.name ?? detail.toString()}`));
      } else if (status.isInBlock) resolve(status.asInBlock);
    }).catch(reject);
  });
}

async function epochNow() {
  return (await rpc('depin_epoch', [])).epoch;
}
async function waitForEpoch(target) {
  for (;;) {
    if ((await epochNow()) >= target) return;
    await new Promise((r) => setTimeout(r, 2_000));
  }
}

console.error(`registering ${devices.length} hotspots (${HONEST} honest) and asserting their locations`);
for (const [group, uri] of Object.entries(owners)) {
  const owner = keyring.addFromUri(uri);
  const members = devices.filter((d) => d.group === group);
  for (let i = 0; i < members.length; i += 40) {
    const chunk = members.slice(i, i + 40);
    const calls = [];
    for (const d of chunk) {
      calls.push(api.tx.devices.registerDevice(d.key.id, 'LoraHotspot', await proofFor(api, d.key, owner), certificateFor(api, d.key, 'LoraHotspot')));
      calls.push(api.tx.devices.assertLocation(d.key.id, cellOf(d.claimed), Math.round(GAIN_DBI * 10), 10));
    }
    await send(api.tx.utility.batchAll(calls), owner);
  }
}

/** The witness reports a beacon by `beaconer` gets, with each group's behaviour. */
function reportsFor(beaconer, beacon) {
  const reports = [];
  for (const w of devices) {
    if (w === beaconer) continue;
    let rssi;
    if (beaconer.group === 'relay ring' && w.group === 'relay ring') {
      // Relayed: the ring makes up a signal that fits the claimed positions.
      rssi = rssiDbm(beaconer.claimed, w.claimed);
    } else if (beaconer.group === 'relay ring' || w.group === 'relay ring') {
      continue; // the ring only ever "hears" itself
    } else if (beaconer.group === 'loud beaconer' || w.group === 'loud beaconer') {
      if (beaconer.group !== w.group) continue; // they only vouch for each other
      rssi = -45 + 3 * gaussian();
    } else {
      rssi = rssiDbm(beaconer.actual, w.actual);
      if (w.group === 'fake witness') {
        // Claims every beacon within 15 km, at a signal no real radio gets there.
        if (distanceKm(beaconer.actual, w.actual) > 15) continue;
        rssi = -45 + 3 * gaussian();
      }
    }
    if (rssi < SENSITIVITY_DBM) continue;
    const km = distanceKm(beaconer.actual, w.actual);
    const measurements = {
      rssiDbmX10: Math.round(rssi * 10),
      // A LoRa receiver's SNR follows the signal above its noise floor and saturates near +12 dB.
      snrDbX10: Math.round((Math.min(rssi + 128, 12) + 2 * gaussian()) * 10),
      frequencyKhz: FREQUENCY_KHZ + Math.round(10 * gaussian()),
      arrivalUs: Math.round((km / 299_792.458) * 1e6 + 200 + 300 * random() + (w.group === 'relay ring' ? 40_000 : 0)),
    };
    reports.push({ w, measurements });
  }
  // A receipt carries at most `maxWitnessesPerReceipt` reports; the beaconer keeps the earliest.
  reports.sort((a, b) => a.measurements.arrivalUs - b.measurements.arrivalUs);
  return reports.slice(0, MAX_WITNESSES).map(({ w, measurements }) => ({ witness: w.key, measurements }));
}

/** Waits until every device may beacon again (one beacon per `beaconInterval` blocks). */
async function untilAllMayBeacon() {
  for (;;) {
    const best = (await api.rpc.chain.getHeader()).number.toNumber();
    let latest = 0;
    for (const d of devices) latest = Math.max(latest, (await rpc('depin_device', [d.key.hex])).coverage.nextBeacon);
    if (latest <= best) return;
    await new Promise((r) => setTimeout(r, 2_000));
  }
}

async function beaconRound() {
  await untilAllMayBeacon();
  const best = (await api.rpc.chain.getHeader()).number.toNumber();
  const entropyHash = (await api.rpc.chain.getBlockHash(best)).toU8a();
  let accepted = 0;
  for (const [i, d] of devices.entries()) {
    const local = bytesFrom(random, 16);
    const loud = d.group === 'loud beaconer';
    const beacon = {
      entropyBlock: best,
      localEntropy: local,
      payload: beaconPayload(entropyHash, d.key, local),
      frequencyKhz: loud && i % 2 ? 1 : FREQUENCY_KHZ,
      txPowerDbmX10: loud && !(i % 2) ? 32_767 : TX_DBM * 10,
    };
    const { json } = signedReceipt(api, d.key, beacon, reportsFor(d, beacon));
    try {
      await rpc('depin_submitReceipt', [json]);
      accepted++;
    } catch (error) {
      console.error(`  ${d.group} beacon refused: ${error.message}`);
    }
  }
  return accepted;
}

/** Governance's deny list: an off-chain analysis finds the clique that only hears itself. */
async function denyRelayRing() {
  const ring = devices.filter((d) => d.group === 'relay ring');
  const calls = [];
  for (const a of ring) for (const b of ring) if (a !== b) calls.push(api.tx.devices.denyEdge(a.key.id, b.key.id));
  await send(api.tx.sudo.sudo(api.tx.utility.batchAll(calls)), sudo);
  console.error(`  governance denied the ${calls.length} edges of the relay ring`);
}

const first = (await epochNow()) + 1;
const stats = [];
for (let e = first; e < first + EPOCHS; e++) {
  await waitForEpoch(e);
  if (e === first + 1) await denyRelayRing();
  const accepted = await beaconRound();
  console.error(`epoch ${e}: ${accepted}/${devices.length} receipts in the pool`);
  await waitForEpoch(e + 1);
  stats.push(await rpc('depin_epoch', [(await api.rpc.chain.getBlockHash((await rpc('depin_epoch', [])).start - 1)).toHex()]));
}
await waitForEpoch(first + EPOCHS + 1);

const DPN = Number(tokenUnit(api));
for (const d of devices) {
  const r = await rpc('depin_deviceRewards', [d.key.hex]);
  d.rewards = Array.from({ length: EPOCHS }, (_, i) => Number(BigInt(r.claimableByEpoch.find((x) => x.epoch === first + i)?.amount ?? '0')) / DPN);
  d.total = d.rewards.reduce((a, b) => a + b, 0);
}
const groups = [...new Set(devices.map((d) => d.group))];
const summary = groups.map((group) => {
  const members = devices.filter((d) => d.group === group);
  const mean = members.reduce((a, d) => a + d.total, 0) / members.length;
  const perEpoch = Array.from({ length: EPOCHS }, (_, i) => members.reduce((a, d) => a + d.rewards[i], 0) / members.length);
  return { group, devices: members.length, meanDpn: mean, perEpochMeanDpn: perEpoch };
});
const honest = summary.find((s) => s.group === 'honest').meanDpn;
const cheaters = devices.filter((d) => d.group !== 'honest');
const cheaterMean = cheaters.reduce((a, d) => a + d.total, 0) / cheaters.length;
const ratio = cheaterMean > 0 ? honest / cheaterMean : Infinity;

console.log(`\nrewards over epochs ${first}..${first + EPOCHS - 1} (mean DPN per device):`);
for (const s of summary) console.log(`  ${s.group.padEnd(15)} ${String(s.devices).padStart(4)} devices  ${s.meanDpn.toFixed(2).padStart(10)} DPN   per epoch: ${s.perEpochMeanDpn.map((x) => x.toFixed(1)).join(' / ')}`);
for (const s of summary.filter((s) => s.group !== 'honest')) {
  console.log(`  honest / ${s.group}: ${s.meanDpn > 0 ? (honest / s.meanDpn).toFixed(2) + '×' : 'the cheater earned nothing'}`);
}
console.log(`honest devices earned ${Number.isFinite(ratio) ? ratio.toFixed(1) + '×' : 'infinitely more than'} what a cheating device earned on average`);
for (const s of stats) console.log(`  epoch ${s.epoch}: ${s.proofs.receiptsAccepted} receipts, witnesses ${s.proofs.witnessesSelected} selected / ${s.proofs.witnessesUnselected} unselected / ${s.proofs.witnessesRedundant} redundant / ${s.proofs.witnessesInvalid} invalid`);

mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'fleet.json'), JSON.stringify({
  epochs: Array.from({ length: EPOCHS }, (_, i) => first + i),
  honestToCheaterRatio: ratio,
  summary,
  epochStats: stats,
  devices: devices.map((d) => ({ group: d.group, actual: d.actual, claimed: d.claimed, key: d.key.hex, rewards: d.rewards, total: d.total })),
}, null, 2));
await api.disconnect();
if (!(ratio > 1)) {
  console.error('honest devices did not out-earn the cheaters');
  process.exit(1);
}
