// The scaling benchmark (docs/benchmarks.md): for each fleet size, a dev validator whose genesis
// registers that many located Ed25519 hotspots, with a light steady load. Measured on the node:
// the build time of blocks with receipts (14 witnesses each), of epoch-closing blocks, of blocks
// with `claim_rewards` calls, the latency of `depin_pendingRewards`, and the database size.
// Writes `<out>/scaling.json`.
//
//   node scaling.mjs [--sizes 1000,10000,100000] [--receipts 20] [--closes 3] [--queries 2000] [--out DIR]
//
// Receipts flow until `closes − 1` epochs have closed, then owners claim, then one more epoch closes.

import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { fromHex, seeded } from 'depin-js';
import h3 from 'h3-js';
import { removeDir, stopAll, sleep, cliArgs } from '../../../tests/lib/network.mjs';
import { fleetKeys, layout, neighbours, receiptTransaction } from './grid-fleet.mjs';
import { startFleetNode, quantile } from './node.mjs';
import { RpcClient } from './rpc.mjs';

const args = cliArgs();
const SIZES = (args.sizes ?? '1000,10000,100000').split(',').map(Number);
const RECEIPTS = Number(args.receipts ?? 20);
const QUERIES = Number(args.queries ?? 2000);
const WARMUP = 50;
const CLOSES = Number(args.closes ?? 3);
const OUT = args.out ?? 'bench-out';
const WITNESSES = 14;
const CLAIMERS = 5;
const DEVICES_PER_OWNER = 1_000;
if (SIZES.some((n) => !(n >= 200)) || !(RECEIPTS >= 1) || !(QUERIES >= 10) || !(CLOSES >= 2)) {
  console.error('usage: scaling.mjs [--sizes N,N,... (each ≥ 200)] [--receipts R ≥ 1] [--closes C ≥ 2] [--queries Q ≥ 10] [--out DIR]');
  process.exit(2);
}
const log = (message) => console.error(`[scaling ${new Date().toISOString().slice(11, 19)}] ${message}`);
mkdirSync(OUT, { recursive: true });
await cryptoWaitReady();
const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
const solo = keyring.addFromUri('//scaling-solo');
const h3CellToParent = (cell, res) => [res, BigInt(`0x${h3.cellToParent(cell, res)}`)];

async function measure(size) {
  log(`${size} devices: generating the fleet`);
  const rand = seeded(size);
  const keys = fleetKeys('Ed25519', size, size);
  log(`${size} devices: keys generated`);
  const cells = layout(size, 1).map((d) => d.cell);
  const owners = Array.from({ length: Math.ceil((size - 1) / DEVICES_PER_OWNER) }, (_, k) => keyring.addFromUri(`//scaling-owner//${k}`));
  const ownerOf = (i) => (i === 0 ? solo : owners[Math.floor((i - 1) / DEVICES_PER_OWNER)]);
  const { root, node, api, startSeconds, buildSeconds, databaseBytes } = await startFleetNode({
    name: `scaling-${size}`, keys, cells, ownerOf: (i) => ownerOf(i).address,
    endowed: [solo, ...owners].map((a) => a.address), tokens: 100_000n,
  });
  log(`${size} devices: node up in ${startSeconds.toFixed(1)} s`);
  const genesisDatabaseBytes = databaseBytes();
  const client = await RpcClient.connect(node.wsUrl);
  const params = (await api.query.coverage.params()).toJSON();
  const epochLength = (await api.query.coverage.epochLength()).toNumber();
  const callIndex = api.tx.coverage.submitReceipt.callIndex;
  const genesisHash = api.genesisHash.toU8a();
  const devices = keys.map((key, i) => ({ key, cell: cells[i] }));

  // Beaconers with a full set of neighbours, one group per block of the beacon interval, spread
  // over the whole fleet (so the keys they touch are spread over the state).
  const interior = [];
  for (let i = 0; i < size; i++) if (neighbours(i, size).length === 24) interior.push(i);
  const slots = Array.from({ length: params.beaconInterval }, (_, s) =>
    Array.from({ length: RECEIPTS }, (_, r) => interior[Math.floor(((s * RECEIPTS + r) / (params.beaconInterval * RECEIPTS)) * interior.length)]));

  const blocks = [];
  let phase = 'receipts';
  let closes = 0;
  let lastBuild = await buildSeconds();
  let claimAt = null;
  const unsubscribe = await api.rpc.chain.subscribeNewHeads(async (header) => {
    const number = header.number.toNumber();
    const hash = header.hash.toHex();
    // Nothing is sent for an epoch-closing block, so that its build time is the close's own.
    const nextCloses = (number + 1) % epochLength === 0;
    if (phase === 'receipts' && !nextCloses) {
      for (const i of slots[number % params.beaconInterval]) {
        const chosen = neighbours(i, size).slice(0, WITNESSES).map((j) => devices[j]);
        const hex = receiptTransaction({ genesisHash, callIndex, entropyBlock: number, entropyHash: fromHex(hash), beaconer: devices[i], witnesses: chosen, rand });
        client.call('author_submitExtrinsic', [hex]).catch((error) => log(`receipt refused: ${error.message}`));
      }
    }
    if (phase === 'claims' && !nextCloses && claimAt === null) {
      claimAt = number;
      for (const owner of owners.slice(0, CLAIMERS)) {
        api.tx.rewards.claimRewards().signAndSend(owner).catch((error) => log(`claim refused: ${error.message}`));
      }
    }
    const [events, build] = await Promise.all([api.query.system.events.at(hash), buildSeconds()]);
    const record = { number, receipts: 0, witnesses: 0, claims: 0, epochClosed: false, extrinsics: 0 };
    for (const { event, phase: applied } of events) {
      if (applied.isApplyExtrinsic && api.events.system.ExtrinsicSuccess.is(event)) record.extrinsics++;
      if (api.events.coverage.ReceiptAccepted.is(event)) {
        record.receipts++;
        record.witnesses += event.data.witnesses.length;
      } else if (api.events.rewards.RewardsClaimed.is(event)) record.claims++;
      else if (api.events.coverage.EpochClosed.is(event)) record.epochClosed = true;
    }
    record.buildMs = build.count > lastBuild.count ? ((build.sum - lastBuild.sum) / (build.count - lastBuild.count)) * 1000 : null;
    lastBuild = build;
    blocks.push(record);
    if (record.epochClosed) closes++;
  });

  while (closes < CLOSES - 1) await sleep(1_000);
  phase = 'claims';
  while (closes < CLOSES) await sleep(1_000);
  phase = 'idle';
  unsubscribe();

  // depin_pendingRewards: sequential calls timed at the client (round trip included), over HTTP
  // (Node.js fetch, a fresh request each), over the WebSocket wallets keep open, and over HTTP
  // from curl (one kept-alive connection, timed by curl's own `time_total`), which tells the
  // node's HTTP path from the Node.js client's. The first WARMUP calls of each series warm the
  // client's and the node's code paths and are not counted.
  const summary = (times) => ({ p50Ms: quantile(times, 0.5), p99Ms: quantile(times, 0.99), maxMs: Math.max(...times) });
  const latency = async (account, call) => {
    const times = [];
    for (let q = 0; q < WARMUP + QUERIES; q++) {
      const started = process.hrtime.bigint();
      await call('depin_pendingRewards', [account.address]);
      if (q >= WARMUP) times.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    return summary(times);
  };
  const curlLatency = (account) => {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'depin_pendingRewards', params: [account.address] });
    const request = `url = "${node.rpcUrl}"\nheader = "content-type: application/json"\ndata = ${JSON.stringify(body)}\n`
      + 'output = "/dev/null"\nwrite-out = "%{http_code} %{num_connects} %{time_total}\\n"\n';
    const config = Array.from({ length: WARMUP + QUERIES }, () => request).join('next\n');
    const lines = execFileSync('curl', ['--silent', '--show-error', '--config', '-'], { input: config, maxBuffer: 1 << 24 })
      .toString().trim().split('\n').map((line) => line.split(' '));
    if (lines.length !== WARMUP + QUERIES || lines.some(([code]) => code !== '200')) throw new Error('curl: a depin_pendingRewards request failed');
    return { ...summary(lines.slice(WARMUP).map(([, , total]) => Number(total) * 1000)), connections: lines.reduce((n, [, connects]) => n + Number(connects), 0) };
  };
  const http = (method, params) => node.rpc(method, params);
  const ws = (method, params) => client.call(method, params);
  const pendingRewards = {
    soloOwner: await latency(solo, http),
    ownerOf1000: await latency(owners[0], http),
    soloOwnerWs: await latency(solo, ws),
    ownerOf1000Ws: await latency(owners[0], ws),
    soloOwnerCurl: curlLatency(solo),
    ownerOf1000Curl: curlLatency(owners[0]),
  };

  // The state one beaconer holds: every storage entry keyed by it or shared with other devices,
  // key and value bytes read from the node. A shared entry (an owner page, a density cell) is
  // divided among the devices it holds (`sharedBy`).
  const beaconer = slots[0][0];
  const { id } = keys[beaconer];
  const owner = ownerOf(beaconer).address;
  const info = (await api.query.devices.devices(id)).unwrap();
  const page = Math.floor(info.ownerSlot.toNumber() / 32);
  const epochs = (await api.query.rewards.deviceEpochs(id)).toJSON() ?? [];
  const entries = {
    'Devices.Devices': [api.query.devices.devices.key(id), 1],
    'Devices.OwnedDevices (page)': [
      api.query.devices.ownedDevices.key(owner, page),
      (await api.query.devices.ownedDevices(owner, page)).length,
    ],
    'Coverage.LastBeacon': [api.query.coverage.lastBeacon.key(id), 1],
    'Rewards.DeviceEpochs': [api.query.rewards.deviceEpochs.key(id), 1],
    ...Object.fromEntries(epochs.map((e) => [`Rewards.DeviceWork(epoch ${e})`, [api.query.rewards.deviceWork.key(e, id), 1]])),
  };
  const [, res8] = h3CellToParent(cells[beaconer], 8);
  const fine = (await api.query.devices.devicesInFineCells('LoraHotspot', res8)).unwrap();
  entries['Devices.DevicesInFineCells (res 10 to 8)'] = [api.query.devices.devicesInFineCells.key('LoraHotspot', res8), fine.devices.toNumber()];
  for (const [res, cell] of [7, 6, 5, 4].map((r) => h3CellToParent(cells[beaconer], r))) {
    const density = await api.query.devices.devicesInCell('LoraHotspot', cell);
    entries[`Devices.DevicesInCell(res ${res})`] = [api.query.devices.devicesInCell.key('LoraHotspot', cell), density.devices.toNumber()];
  }
  const deviceState = {};
  for (const [name, [key, sharedBy]] of Object.entries(entries)) {
    const valueBytes = (await api.rpc.state.getStorageSize(key)).toNumber();
    const keyBytes = (key.length - 2) / 2;
    deviceState[name] = { keyBytes, valueBytes, sharedBy, perDevice: (keyBytes + valueBytes) / sharedBy };
  }

  // Costs over an empty block: the median build of blocks with only the timestamp.
  const base = quantile(blocks.filter((b) => b.extrinsics <= 1 && !b.epochClosed).map((b) => b.buildMs), 0.5);
  const per = (filter, count) => quantile(blocks.filter(filter).map((b) => (b.buildMs - base) / count(b)), 0.5);
  const result = {
    devices: size,
    nodeStartSeconds: startSeconds,
    emptyBlockMs: base,
    receiptMs: per((b) => b.receipts > 0 && !b.epochClosed, (b) => b.receipts),
    receiptsMeasured: blocks.filter((b) => b.receipts > 0).length,
    epochCloseMs: per((b) => b.epochClosed && b.extrinsics <= 1, () => 1),
    closesMeasured: blocks.filter((b) => b.epochClosed && b.extrinsics <= 1).length,
    claimMs: per((b) => b.claims > 0 && !b.epochClosed, (b) => b.claims),
    claimsMeasured: blocks.reduce((s, b) => s + b.claims, 0),
    pendingRewards,
    deviceState,
    genesisDatabaseBytes,
    loadedDatabaseBytes: databaseBytes(),
    blocks,
  };
  log(`${size} devices: receipt ${result.receiptMs?.toFixed(2)} ms, epoch close ${result.epochCloseMs?.toFixed(2)} ms, claim ${result.claimMs?.toFixed(2)} ms, pendingRewards p99 ${pendingRewards.ownerOf1000.p99Ms.toFixed(2)} ms (1,000 devices) / ${pendingRewards.soloOwner.p99Ms.toFixed(2)} ms (1) over HTTP, ${pendingRewards.ownerOf1000Ws.p99Ms.toFixed(2)} / ${pendingRewards.soloOwnerWs.p99Ms.toFixed(2)} ms over WebSocket, ${pendingRewards.ownerOf1000Curl.p99Ms.toFixed(2)} / ${pendingRewards.soloOwnerCurl.p99Ms.toFixed(2)} ms from curl (${pendingRewards.soloOwnerCurl.connections} connection), database ${(genesisDatabaseBytes / 1e6).toFixed(1)} MB`);
  client.close();
  await api.disconnect();
  await stopAll('SIGTERM');
  removeDir(root);
  return result;
}

const results = [];
for (const size of SIZES) {
  results.push(await measure(size));
  writeFileSync(join(OUT, 'scaling.json'), JSON.stringify(results, null, 1));
  log(`wrote ${join(OUT, 'scaling.json')} (${results.length} of ${SIZES.length} sizes)`);
}
const failed = results.some((r) => !(r.receiptsMeasured > 0 && r.closesMeasured > 0 && r.claimsMeasured > 0));
if (failed) log('FAILED: a size measured no receipt, epoch close or claim');
process.exit(failed ? 1 : 0);
