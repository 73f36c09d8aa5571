// The fleet simulator: registers a fleet of LoRa hotspots on real H3 cells around Paris, runs
// announced-beacon rounds whose witnesses hear them by free-space path loss plus urban loss and
// noise, and mixes in cheaters. Every proof goes through the node's RPC — `depin_announceBeacon`,
// `depin_submitReports` (each owner's gateway relays its devices' reports), `depin_revealBeacon`
// — and is judged by the chain's rules; the simulator only plays the radios (and, for the relay
// ring, the off-chain analysis that feeds governance's edge deny list).
//
//   node scripts/sim/simulator.mjs --url ws://127.0.0.1:9944 --out DIR [--honest 120] [--epochs 4]
//
// Writes DIR/fleet.json (every device, its group, positions and rewards per epoch; each group's
// verdicts and pool refusals) and prints what each group earned. scripts/simulate runs it
// against a fresh dev chain and plots the map.

import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ApiPromise, WsProvider, Keyring } from '@polkadot/api';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import * as h3 from 'h3-js';
import {
  beaconPayload, bytesFrom, certificateFor, fsplDb, gaussian as normal, newDevice, proofFor, seeded, signedAnnouncement, signedReport, toHex, tokenUnit,
} from 'depin-js';
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
const VILLAGE = [48.45, 1.45]; // open country 80 km south-west of Paris
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
// Certified keys without a working radio, asserted in Paris: they hear nothing and report every
// beacon announced within 15 km, with a signal fitted under the free-space bound.
for (let i = 0; i < 6; i++) add('blind witness', scatter(PARIS, 8));
// Real radios alone in open country, within 2 km of each other: each hears only the others.
for (let i = 0; i < 5; i++) add('closed group', scatter(VILLAGE, 1));
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
// Two alike neighbourhoods 3 km east and west of the centre, 5 honest hotspots each within
// 250 m of a resolution-8 cell's centre; an attacker asserts 9 idle keys (they never beacon and
// never report) into the western cell, to cut its hotspots' density scale.
const cellCentre = (point) => h3.cellToLatLng(h3.latLngToCell(point[0], point[1], 8));
const [eastCentre, westCentre] = [offset(PARIS, 3, Math.PI / 2), offset(PARIS, 3, -Math.PI / 2)].map(cellCentre);
for (let i = 0; i < 5; i++) add('control', scatter(eastCentre, 0.25));
for (let i = 0; i < 5; i++) add('griefed', scatter(westCentre, 0.25));
for (let i = 0; i < 9; i++) add('idle keys', scatter(westCentre, 0.25));
const cellOf = (point) => BigInt(`0x${h3.latLngToCell(point[0], point[1], 12)}`);

// Issue 18's bounds, as a share of an honest hotspot's mean reward: a farm of 8 radios in one
// spot earns together what one hotspot earns, a closed group no more per device than the open
// network, every other cheater nothing (5 % of noise allowed); hotspots next to idle keys earn
// what alike hotspots without them earn.
const TOLERANCE = 0.05;
const MAX_SHARE = {
  farm: (1 + TOLERANCE) / 8,
  'closed group': 1 + TOLERANCE,
  'blind witness': TOLERANCE,
  'false location': TOLERANCE,
  'loud beaconer': TOLERANCE,
  'relay ring': TOLERANCE,
  'idle keys': TOLERANCE,
};
const HONEST_GROUPS = ['honest', 'control', 'griefed'];

await cryptoWaitReady();
const provider = new WsProvider(url);
const api = await ApiPromise.create({ provider, noInitWarn: true });
const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
const owners = {
  honest: '//Bob', control: '//Bob', griefed: '//Bob', farm: '//Charlie', 'blind witness': '//Dave', 'closed group': '//Dave', 'idle keys': '//Dave',
  'false location': '//Eve', 'loud beaconer': '//Eve', 'relay ring': '//Ferdie',
};
const sudo = keyring.addFromUri('//Alice');
const rpc = (method, params) => provider.send(method, params);
const MAX_BATCH = api.consts.coverage.maxReportsPerBatch.toNumber();
const { reportWindow } = (await api.query.coverage.params()).toJSON();
const groupOf = new Map(devices.map((d) => [d.key.hex, d.group]));

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

// What happened to each group's reports: refused by the pool (by the rule named), or judged at
// the reveal (by verdict).
const outcomes = Object.fromEntries(Object.keys(owners).map((group) => [group, { refused: {}, verdicts: {} }]));
const tally = (counts, name) => { counts[name] = (counts[name] ?? 0) + 1; };
/** The pallet error an RPC refusal names, e.g. `SignalTooStrong`. */
const ruleOf = (error) => /proof rejected: (\w+)/.exec(error.message)?.[1] ?? error.message.replace(/^-?\d+: /, '').slice(0, 60);

/** The reports a beacon by `beaconer` gets, with each group's behaviour: `{ w, rssi, payload }`. */
function heardBy(beaconer, payload) {
  const heard = [];
  for (const w of devices) {
    if (w === beaconer || w.group === 'loud beaconer' || w.group === 'idle keys' || beaconer.group === 'blind witness') continue;
    let rssi;
    let received = payload;
    if (beaconer.group === 'relay ring' && w.group === 'relay ring') {
      // Relayed: the ring passes the payload on and makes up a signal that fits the claimed positions.
      rssi = rssiDbm(beaconer.claimed, w.claimed);
    } else if (beaconer.group === 'relay ring' || w.group === 'relay ring') {
      continue; // the ring only ever "hears" itself
    } else if (w.group === 'blind witness') {
      const km = distanceKm(beaconer.claimed, w.claimed);
      if (km > 15) continue;
      // Fitted 8 dB under the strongest signal the chain accepts; the payload is a guess.
      rssi = TX_DBM + 2 * GAIN_DBI - fsplDb(km, FREQUENCY_KHZ / 1000) - 8;
      received = bytesFrom(random, 32);
    } else {
      rssi = rssiDbm(beaconer.actual, w.actual);
    }
    if (rssi < SENSITIVITY_DBM) continue;
    heard.push({ w, rssi, payload: received });
  }
  return heard;
}

/** A radio's report of what it heard, signed, as `depin_submitReports` takes it. */
function reportOf({ w, rssi, payload }, beaconer, announcedAt) {
  return signedReport(api, {
    beaconer: beaconer.key,
    announcedAt,
    witness: w.key,
    payload,
    rssiDbmX10: Math.round(rssi * 10),
    // A LoRa receiver's SNR follows the signal above its noise floor and saturates near +12 dB.
    snrDbX10: Math.round((Math.min(rssi + 128, 12) + 2 * gaussian()) * 10),
    frequencyKhz: FREQUENCY_KHZ + Math.round(10 * gaussian()),
  }).json;
}

/**
 * A gateway relaying `reports` (of one group): batches of at most `maxReportsPerBatch`; the pool
 * takes a batch whole or not at all and names the first broken rule, so a refused batch is
 * halved until the refused reports stand alone.
 */
async function relay(group, reports) {
  if (!reports.length) return 0;
  if (reports.length > MAX_BATCH) return (await relay(group, reports.slice(0, MAX_BATCH))) + (await relay(group, reports.slice(MAX_BATCH)));
  try {
    await rpc('depin_submitReports', [reports]);
    return reports.length;
  } catch (error) {
    if (reports.length === 1) {
      tally(outcomes[group].refused, ruleOf(error));
      return 0;
    }
    const half = reports.length >> 1;
    return (await relay(group, reports.slice(0, half))) + (await relay(group, reports.slice(half)));
  }
}

const bestBlock = async () => (await api.rpc.chain.getHeader()).number.toNumber();
const coverageOf = async (d) => (await rpc('depin_device', [d.key.hex])).coverage;

/**
 * Waits until every device may beacon again (one beacon per `beaconInterval` blocks): until the
 * next block, the one that includes what is sent now, is at least every device's `nextBeacon`.
 */
async function untilAllMayBeacon() {
  for (;;) {
    let latest = 0;
    for (const d of devices) latest = Math.max(latest, (await coverageOf(d)).nextBeacon);
    if (latest <= (await bestBlock()) + 1) return;
    await new Promise((r) => setTimeout(r, 2_000));
  }
}

/** One beacon per device: announced, reported by whoever heard it, revealed once the report window closes. */
async function beaconRound() {
  await untilAllMayBeacon();
  const best = await bestBlock();
  const entropyHash = (await api.rpc.chain.getBlockHash(best)).toU8a();
  const beacons = [];
  for (const [i, d] of devices.entries()) {
    if (d.group === 'idle keys') continue;
    const localEntropy = bytesFrom(random, 16);
    const loud = d.group === 'loud beaconer';
    const beacon = {
      entropyBlock: best,
      payload: beaconPayload(entropyHash, d.key, localEntropy),
      // Loud beaconers declare 1 kHz or 3,276.7 dBm, which would excuse any RSSI their
      // accomplices report.
      frequencyKhz: loud && i % 2 ? 1 : FREQUENCY_KHZ,
      txPowerDbmX10: loud && !(i % 2) ? 32_767 : TX_DBM * 10,
    };
    beacons.push({ d, localEntropy, payload: beacon.payload, announcement: signedAnnouncement(api, d.key, beacon).json });
  }
  // Sent all at once, so that one block includes them and every round starts at its epoch's start.
  const sent = await Promise.all(beacons.map((b) => rpc('depin_announceBeacon', [b.announcement]).then(() => true, (error) => {
    tally(outcomes[b.d.group].refused, `announcement ${ruleOf(error)}`);
    return false;
  })));
  const open = beacons.filter((_, k) => sent[k]);
  // The block that includes an announcement opens its report window.
  for (const b of open) {
    for (;;) {
      const coverage = await coverageOf(b.d);
      if (coverage.openBeaconReports !== null && coverage.lastBeacon > best) {
        b.announcedAt = coverage.lastBeacon;
        break;
      }
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }
  const reportsByGroup = {};
  for (const b of open) {
    for (const heard of heardBy(b.d, b.payload)) (reportsByGroup[heard.w.group] ??= []).push(reportOf(heard, b.d, b.announcedAt));
  }
  let relayed = 0;
  for (const [group, reports] of Object.entries(reportsByGroup)) relayed += await relay(group, reports);
  // The reveal counts once the window has closed: wait for its last block.
  const windowEnd = Math.max(...open.map((b) => b.announcedAt)) + reportWindow;
  while ((await bestBlock()) < windowEnd) await new Promise((r) => setTimeout(r, 1_000));
  let revealed = 0;
  for (const b of open) {
    const reports = (await coverageOf(b.d)).openBeaconReports;
    try {
      await rpc('depin_revealBeacon', [{ beaconer: b.d.key.hex, localEntropy: toHex(b.localEntropy), reports }]);
      revealed++;
    } catch (error) {
      tally(outcomes[b.d.group].refused, `reveal ${ruleOf(error)}`);
    }
  }
  return { announced: open.length, relayed, revealed };
}

// Each revealed beacon's verdicts, by the witness's group.
const unsubscribeEvents = await api.query.system.events((records) => {
  for (const { event } of records) {
    if (!api.events.coverage.BeaconRevealed.is(event)) continue;
    for (const [witness, verdict] of event.data.witnesses) {
      const group = groupOf.get(witness.value.toHex());
      tally(outcomes[group].verdicts, verdict.isInvalid ? verdict.asInvalid.type : verdict.type);
    }
  }
});

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
  const { announced, relayed, revealed } = await beaconRound();
  console.error(`epoch ${e}: ${announced}/${devices.length} beacons announced, ${relayed} reports relayed, ${revealed} beacons revealed`);
  await waitForEpoch(e + 1);
  stats.push(await rpc('depin_epoch', [(await api.rpc.chain.getBlockHash((await rpc('depin_epoch', [])).start - 1)).toHex()]));
}
await waitForEpoch(first + EPOCHS + 1);
unsubscribeEvents();

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
  return { group, devices: members.length, meanDpn: mean, perEpochMeanDpn: perEpoch, ...outcomes[group] };
});
const meanOf = (group) => summary.find((s) => s.group === group).meanDpn;
const honest = meanOf('honest');
const cheaters = devices.filter((d) => !HONEST_GROUPS.includes(d.group));
const cheaterMean = cheaters.reduce((a, d) => a + d.total, 0) / cheaters.length;
const ratio = cheaterMean > 0 ? honest / cheaterMean : Infinity;
const verdicts = [
  ...Object.entries(MAX_SHARE).map(([group, max]) => ({ group, share: meanOf(group) / honest, bound: `at most ${max.toFixed(3)} of an honest hotspot` })),
  { group: 'griefed', share: meanOf('griefed') / meanOf('control'), bound: `at least ${(1 - TOLERANCE).toFixed(2)} of the control group` },
].map((v) => ({ ...v, holds: v.group === 'griefed' ? v.share >= 1 - TOLERANCE : v.share <= MAX_SHARE[v.group] }));
console.log(`\nrewards over epochs ${first}..${first + EPOCHS - 1} (mean DPN per device):`);
for (const s of summary) console.log(`  ${s.group.padEnd(15)} ${String(s.devices).padStart(4)} devices  ${s.meanDpn.toFixed(2).padStart(10)} DPN   per epoch: ${s.perEpochMeanDpn.map((x) => x.toFixed(1)).join(' / ')}`);
for (const v of verdicts) console.log(`  ${v.holds ? 'holds ' : 'BROKEN'} ${v.group.padEnd(15)} earned ${v.share.toFixed(3)} (${v.bound})`);
console.log(`honest devices earned ${Number.isFinite(ratio) ? ratio.toFixed(1) + '×' : 'infinitely more than'} what a cheating device earned on average`);
const describe = (counts) => Object.entries(counts).map(([name, n]) => `${name} ${n}`).join(', ') || 'none';
for (const s of summary) console.log(`  ${s.group}: reports judged ${describe(s.verdicts)}; refused by the pool: ${describe(s.refused)}`);
// Property 7's honest rejection rate: honest reports the pool refused or the reveal judged invalid.
const sum = (entries) => entries.reduce((a, [, n]) => a + n, 0);
const honestRefused = sum(Object.entries(outcomes.honest.refused).filter(([name]) => !/^(announcement|reveal) /.test(name)));
const honestJudged = sum(Object.entries(outcomes.honest.verdicts));
const honestInvalid = sum(Object.entries(outcomes.honest.verdicts).filter(([name]) => !['Selected', 'Unselected', 'Redundant'].includes(name)));
const honestRejection = (honestRefused + honestInvalid) / (honestRefused + honestJudged || 1);
console.log(`honest reports rejected: ${honestRefused + honestInvalid} of ${honestRefused + honestJudged} (${(100 * honestRejection).toFixed(1)} %)`);
for (const s of stats) console.log(`  epoch ${s.epoch}: ${s.proofs.receiptsAccepted} beacons, witnesses ${s.proofs.witnessesSelected} selected / ${s.proofs.witnessesUnselected} unselected / ${s.proofs.witnessesRedundant} redundant / ${s.proofs.witnessesInvalid} invalid`);

mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'fleet.json'), JSON.stringify({
  epochs: Array.from({ length: EPOCHS }, (_, i) => first + i),
  honestToCheaterRatio: ratio,
  honestRejection,
  bounds: verdicts,
  summary,
  epochStats: stats,
  devices: devices.map((d) => ({ group: d.group, actual: d.actual, claimed: d.claimed, key: d.key.hex, rewards: d.rewards, total: d.total })),
}, null, 2));
await api.disconnect();
const broken = verdicts.filter((v) => !v.holds);
if (broken.length) {
  console.error(`issue 18's bounds do not hold for: ${broken.map((v) => v.group).join(', ')}`);
  process.exit(3);
}
