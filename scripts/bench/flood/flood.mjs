// The throughput benchmark (docs/benchmarks.md): a dev validator whose genesis holds a fleet of
// hotspots, flooded with announced beacons — announcements, witness reports relayed in batches,
// reveals — from several client connections, then with plain balance transfers; then a second
// node syncs the chain from it. Everything is measured from the blocks the node makes: witness
// reports and transfers included per second, block fullness (weight and length), block build
// time (the node's Prometheus histogram), the node's CPU and memory, and the second node's
// import time per block. Writes `<out>/flood.json`.
//
//   node flood.mjs [--devices 10000] [--scheme Ed25519|P256] [--minutes 10] [--warmup 1]
//                  [--transfer-minutes 2] [--clients 4] [--witnesses 8-20] [--out DIR] [--seed 1]
//                  [--keep 1]   (keeps the chain spec and database for `benchmark block|storage`)

import { Worker } from 'node:worker_threads';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady, encodeAddress } from '@polkadot/util-crypto';
import { compact, concat, signedTransaction, toHex, tokenUnit } from 'depin-js';
import { removeDir, stopAll, sleep, cliArgs, waitFor } from '../../../tests/lib/network.mjs';
import { fleetKeys, layout } from './grid-fleet.mjs';
import { startFleetNode, startSyncNode, processSampler, quantile } from './node.mjs';
import { RpcClient } from './rpc.mjs';

const args = cliArgs();
const DEVICES = Number(args.devices ?? 10_000);
const SCHEME = args.scheme ?? 'Ed25519';
const MINUTES = Number(args.minutes ?? 10);
const WARMUP_MINUTES = Number(args.warmup ?? 1);
const TRANSFER_MINUTES = Number(args['transfer-minutes'] ?? 2);
const CLIENTS = Number(args.clients ?? 4);
const WITNESSES = (args.witnesses ?? '8-20').split('-').map(Number);
const OUT = args.out ?? 'bench-out';
const SEED = Number(args.seed ?? 1);
if (!['Ed25519', 'P256'].includes(SCHEME) || !(DEVICES >= 25) || !(WITNESSES[0] >= 1 && WITNESSES[1] <= 24 && WITNESSES[0] <= WITNESSES[1])) {
  console.error('usage: flood.mjs [--devices N≥25] [--scheme Ed25519|P256] [--witnesses LOW-HIGH (1–24)] ...');
  process.exit(2);
}
const DEVICES_PER_OWNER = 1_000;
const SENDERS = 256;
const TRANSFER_RATE_CAP = 1_500; // pre-signed transfers per second of the transfer phase
const log = (message) => console.error(`[flood ${new Date().toISOString().slice(11, 19)}] ${message}`);

mkdirSync(OUT, { recursive: true });
await cryptoWaitReady();
const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });

log(`generating ${DEVICES} ${SCHEME} hotspots`);
const keys = fleetKeys(SCHEME, DEVICES, SEED);
const cells = layout(DEVICES, SEED).map((d) => d.cell);
const owners = Array.from({ length: Math.ceil(DEVICES / DEVICES_PER_OWNER) }, (_, k) => keyring.addFromUri(`//flood-owner//${k}`));
// Transfer senders are Ed25519 accounts (MultiSignature variant 0), signing through Node's
// native crypto.
const senders = fleetKeys('Ed25519', SENDERS, SEED + 1).map((key) => ({ ...key, address: encodeAddress(key.key, 42) }));

// Pre-signed transfers (immortal, sequential nonces), made before the flood so that signing
// does not compete with the node: `balances.transfer_keep_alive` of 1 DPN to the next sender.
function signTransfers(api) {
  const genesisHash = api.genesisHash.toU8a();
  const { specVersion, transactionVersion } = api.runtimeVersion;
  const callIndex = api.tx.balances.transferKeepAlive.callIndex;
  const calls = senders.map((_, k) => concat(callIndex, [0x00], senders[(k + 1) % SENDERS].key, compact(tokenUnit(api))));
  const count = Math.round(TRANSFER_MINUTES * 60 * TRANSFER_RATE_CAP);
  const signed = [];
  for (let nonce = 0; signed.length < count; nonce++) {
    for (let k = 0; k < SENDERS && signed.length < count; k++) {
      signed.push(signedTransaction({
        call: calls[k], signer: senders[k], nonce,
        specVersion: specVersion.toNumber(), transactionVersion: transactionVersion.toNumber(), genesisHash,
      }));
    }
  }
  return signed;
}

log(`starting the node (genesis with ${DEVICES} devices)`);
const { root, node, api, startSeconds, buildSeconds } = await startFleetNode({
  name: 'flood', keys, cells,
  ownerOf: (i) => owners[Math.floor(i / DEVICES_PER_OWNER)].address,
  endowed: [...owners, ...senders].map((account) => account.address), tokens: 1_000_000n,
  extraArgs: ['--pool-limit', '65536', '--pool-kbytes', '524288', '--rpc-max-connections', '1000'],
});
process.on('exit', () => node.child?.kill('SIGKILL'));
log(`node up in ${startSeconds.toFixed(1)} s`);
log('signing the transfers');
const transfers = signTransfers(api);
log(`signed ${transfers.length} transfers`);
const sampler = processSampler(node.child.pid);
const procSamples = sampler.samples;

const params = (await api.query.coverage.params()).toJSON();
const callIndices = Object.fromEntries(['announceBeacon', 'submitReports', 'revealBeacon'].map((name) => [name, toHex(api.tx.coverage[name].callIndex)]));
const maxBatch = api.consts.coverage.maxReportsPerBatch.toNumber();
const maxWeight = api.consts.system.blockWeights.perClass.normal.maxTotal.unwrap().refTime.toBigInt();
const maxLength = api.consts.system.blockLength.max.normal.toNumber();
const indexOf = new Map(keys.map((key, i) => [key.hex, i]));

// Blocks: what each included, how full it was and how long the node took to build it.
const blocks = [];
let phase = 'idle';
let lastBuild = await buildSeconds();
const workers = [];
const unsubscribe = await api.rpc.chain.subscribeNewHeads(async (header) => {
  const number = header.number.toNumber();
  const hash = header.hash.toHex();
  for (const worker of workers) worker.postMessage({ type: 'block', number, parentHash: header.parentHash.toHex() });
  const [events, weight, timestamp, block, build] = await Promise.all([
    api.query.system.events.at(hash),
    api.query.system.blockWeight.at(hash),
    api.query.timestamp.now.at(hash),
    node.rpc('chain_getBlock', [hash]),
    buildSeconds(),
  ]);
  const record = { number, phase, timestamp: timestamp.toNumber(), announced: 0, witnesses: 0, revealed: 0, judged: 0, selected: 0, invalid: 0, transfers: 0, epochClosed: false };
  const announced = [];
  for (const { event } of events) {
    if (api.events.coverage.BeaconAnnounced.is(event)) {
      record.announced++;
      announced.push(indexOf.get(event.data.beaconer.value.toHex()));
    } else if (api.events.coverage.ReportsAccepted.is(event)) record.witnesses += event.data.reports.toNumber();
    else if (api.events.coverage.BeaconRevealed.is(event)) {
      record.revealed++;
      for (const [, verdict] of event.data.witnesses) {
        record.judged++;
        if (verdict.isSelected) record.selected++;
        if (verdict.isInvalid) record.invalid++;
      }
    } else if (api.events.balances.Transfer.is(event)) record.transfers++;
    else if (api.events.coverage.EpochClosed.is(event)) record.epochClosed = true;
  }
  if (announced.length) for (const worker of workers) worker.postMessage({ type: 'announced', number, beaconers: announced });
  record.extrinsics = block.block.extrinsics.length;
  record.lengthBytes = block.block.extrinsics.reduce((sum, xt) => sum + (xt.length - 2) / 2, 0);
  record.lengthFullness = record.lengthBytes / maxLength;
  record.weightFullness = Number(weight.normal.refTime.toBigInt()) / Number(maxWeight);
  record.buildMs = build.count > lastBuild.count ? ((build.sum - lastBuild.sum) / (build.count - lastBuild.count)) * 1000 : null;
  lastBuild = build;
  blocks.push(record);
  if (phase !== 'idle') {
    log(`#${number} ${phase}: ${record.announced} announced, ${record.witnesses} witness reports, ${record.revealed} revealed (${record.judged} reports judged), ${record.transfers} transfers, weight ${(100 * record.weightFullness).toFixed(1)} %, build ${record.buildMs?.toFixed(0)} ms`);
  }
});

// Phase 1: announced beacons from CLIENTS connections, each with a shard of the beaconers.
log(`flooding announced beacons from ${CLIENTS} clients for ${WARMUP_MINUTES} + ${MINUTES} min`);
const clientStats = [];
const shardSize = Math.ceil(DEVICES / CLIENTS);
for (let c = 0; c < CLIENTS; c++) {
  const worker = new Worker(new URL('./worker.mjs', import.meta.url), {
    workerData: {
      url: node.wsUrl, genesisHash: api.genesisHash.toHex(), callIndices, maxBatch,
      wrongReportCount: api.errors.coverage.WrongReportCount.meta.index.toNumber(),
      keys: keys.map(({ scheme, secret }) => ({ scheme, secret })), cells,
      shard: [c * shardSize, Math.min(DEVICES, (c + 1) * shardSize)], witnesses: WITNESSES,
      params: { maxEntropyAge: params.maxEntropyAge, beaconInterval: params.beaconInterval, reportWindow: params.reportWindow }, seed: SEED * 1000 + c,
    },
  });
  await new Promise((resolve) => worker.once('message', resolve));
  worker.on('message', (m) => { if (m.type === 'stats') clientStats[c] = m.stats; });
  workers.push(worker);
}
phase = 'warmup';
await sleep(WARMUP_MINUTES * 60_000);
phase = 'beacons';
await sleep(MINUTES * 60_000);
phase = 'drain';
for (const worker of workers) worker.postMessage({ type: 'stop' });
workers.length = 0;
// Transfers start from an empty pool: proofs left in it would take their blocks, and a full
// pool drops transfers, which stalls their senders' later nonces.
await waitFor('the pool to drain', async () => (await node.rpc('author_pendingExtrinsics')).length === 0, 180_000, 2_000);

// Phase 2: the pre-signed transfers, from CLIENTS connections, keeping the pool full.
log(`flooding transfers for ${TRANSFER_MINUTES} min`);
phase = 'transfers';
const transferRefusals = {};
let transfersSubmitted = 0;
const transferDeadline = Date.now() + TRANSFER_MINUTES * 60_000;
await Promise.all(Array.from({ length: CLIENTS }, async (_, c) => {
  const client = await RpcClient.connect(node.wsUrl, 64);
  for (let i = c; i < transfers.length && Date.now() < transferDeadline; i += CLIENTS) {
    await client.call('author_submitExtrinsic', [transfers[i]]).then(() => transfersSubmitted++, (error) => {
      const reason = error.message.slice(0, 80);
      transferRefusals[reason] = (transferRefusals[reason] ?? 0) + 1;
    });
  }
  client.close();
}));
const left = transferDeadline - Date.now();
if (left > 0) {
  log(`all ${transfers.length} pre-signed transfers are in the pool ${(left / 1000).toFixed(0)} s before the phase ends`);
  await sleep(left);
}
phase = 'done';
await sleep(7_000);
unsubscribe();
sampler.stop();

// A second node, not a validator, syncs the whole chain from the first: each block it imports
// is executed again, as every other node of a network does.
const target = await node.bestNumber();
log(`a second node syncs the ${target} blocks`);
const syncStarted = Date.now();
const sync = await startSyncNode({ root, spec: node.chain, bootnode: node });
await waitFor(`the second node to import block ${target}`, async () => (await sync.node.bestNumber()) >= target, 1_800_000, 1_000);
const imported = { blocks: target, seconds: (Date.now() - syncStarted) / 1000, ...(await sync.importSeconds()) };
await sync.node.stop();
log(`the second node imported ${target} blocks in ${imported.seconds.toFixed(1)} s (${((imported.sum / imported.count) * 1000).toFixed(0)} ms per block verified and imported)`);

// Steady-state rates from block timestamps: reports (or transfers) included in the phase's
// blocks, over the time from the block before the first to the last.
function rate(name, field) {
  const inPhase = blocks.filter((b) => b.phase === name);
  const before = blocks[blocks.indexOf(inPhase[0]) - 1];
  if (!inPhase.length || !before) return null;
  const seconds = (inPhase.at(-1).timestamp - before.timestamp) / 1000;
  const total = inPhase.reduce((sum, b) => sum + b[field], 0);
  return { blocks: inPhase.length, seconds, total, perSecond: total / seconds };
}
const median = (values) => quantile(values, 0.5);
const phaseSummary = (name) => {
  const inPhase = blocks.filter((b) => b.phase === name);
  const samples = procSamples.filter((s) => inPhase.length && s.t >= inPhase[0].timestamp && s.t <= inPhase.at(-1).timestamp);
  return {
    medianWeightFullness: median(inPhase.map((b) => b.weightFullness)),
    medianLengthFullness: median(inPhase.map((b) => b.lengthFullness)),
    medianBuildMs: median(inPhase.map((b) => b.buildMs)),
    nodeStartSeconds: startSeconds,
    meanCpuCores: samples.reduce((sum, s) => sum + s.cpu, 0) / (samples.length || 1),
    maxRssMb: Math.max(0, ...samples.map((s) => s.rssMb)),
  };
};
const witnessRate = rate('beacons', 'witnesses');
const transferRate = rate('transfers', 'transfers');
const result = {
  machine: { cpus: cpus().length, cpu: cpus()[0].model },
  config: { devices: DEVICES, scheme: SCHEME, minutes: MINUTES, warmupMinutes: WARMUP_MINUTES, transferMinutes: TRANSFER_MINUTES, clients: CLIENTS, witnesses: WITNESSES, maxWeightRefTimeMs: Number(maxWeight) / 1e9, maxLengthBytes: maxLength },
  beacons: {
    ...rate('beacons', 'revealed'),
    witnessReportsPerSecond: witnessRate?.perSecond,
    judgedPerSecond: rate('beacons', 'judged')?.perSecond,
    selectedPerSecond: rate('beacons', 'selected')?.perSecond,
    announcedPerSecond: rate('beacons', 'announced')?.perSecond,
    invalid: blocks.filter((b) => b.phase === 'beacons').reduce((s, b) => s + b.invalid, 0),
    ...phaseSummary('beacons'),
    clients: clientStats,
  },
  transfers: { ...transferRate, submitted: transfersSubmitted, refused: transferRefusals, ...phaseSummary('transfers') },
  ratioWitnessReportsToTransfers: witnessRate && transferRate ? witnessRate.perSecond / transferRate.perSecond : null,
  secondNodeImport: imported,
  blocks,
  process: procSamples,
};
writeFileSync(join(OUT, 'flood.json'), JSON.stringify(result, null, 1));
log(`witness reports included: ${witnessRate?.perSecond.toFixed(0)}/s over ${witnessRate?.seconds.toFixed(0)} s (${result.beacons.perSecond?.toFixed(1)} beacons revealed/s, ${result.beacons.judgedPerSecond?.toFixed(0)} reports judged/s); transfers: ${transferRate?.perSecond.toFixed(0)}/s; ratio ${result.ratioWitnessReportsToTransfers?.toFixed(2)}`);
log(`wrote ${join(OUT, 'flood.json')}`);
await api.disconnect();
await stopAll('SIGTERM');
const failed = !(witnessRate?.total > 0 && transferRate?.total > 0);
if (failed) log('FAILED: the phases included no witness reports or no transfers');
if (args.keep) log(`kept the chain spec and database in ${root} (node base path ${node.basePath})`);
else removeDir(root);
process.exit(failed ? 1 : 0);
