// One flood client: its own WebSocket connection and a shard of the beaconers, each running the
// announced-beacon flow of docs/proof-of-coverage.md. On every new best block it announces a
// beacon for each of its beaconers whose slot is free, with entropy from that block's parent (a
// busy pool may still validate against the parent, for which the new block is the current one
// and not yet entropy); when the main thread reports an announcement included in block A, the
// beaconer's grid neighbours sign their reports and the client relays them in batches; once
// block A + reportWindow + 1 is best, it reveals the beacon with the number of reports it relayed
// (and, if some missed the window, with the count `depin_device` shows). A beaconer is busy
// until its announcement is included (then for the beacon interval) or until its entropy is too
// old to be included.

import { parentPort, workerData } from 'node:worker_threads';
import { announceCall, beaconPayload, bytesFrom, fromHex, generalTransaction, reportsCall, revealCall, seeded } from 'depin-js';
import { announcementOf, deviceOf, neighbours, reportOf } from './grid-fleet.mjs';
import { RpcClient } from './rpc.mjs';

const { url, genesisHash, callIndices, wrongReportCount, keys, cells, shard, witnesses, params, maxBatch, seed } = workerData;
const rand = seeded(seed);
const devices = keys.map((key, i) => ({ key: deviceOf(key), cell: cells[i] }));
const genesis = fromHex(genesisHash);
const calls = Object.fromEntries(Object.entries(callIndices).map(([name, index]) => [name, fromHex(index)]));

const mine = [];
for (let i = shard[0]; i < shard[1]; i++) mine.push(i);
// Per beaconer: the block from which it may announce, and its beacon in flight.
const freeAt = new Map();
const beacons = new Map();
const stats = { announced: 0, reports: 0, revealed: 0, recounted: 0, refused: {} };
const client = await RpcClient.connect(url);

function witnessCount() {
  const [low, high] = witnesses;
  return low + Math.floor(rand() * (high - low + 1));
}

/** The pool's reason: its message and, for a broken rule, the pallet error's index. */
const reasonOf = (error) => `${error.message} ${error.rpcError?.data ?? ''}`.trim().slice(0, 80);
const refused = (what, error) => {
  const reason = `${what}: ${reasonOf(error)}`;
  stats.refused[reason] = (stats.refused[reason] ?? 0) + 1;
};
const submit = (call) => client.call('author_submitExtrinsic', [generalTransaction(call)]);

/** Relays `reports` (`{ beaconer, signed }`: an index and its signed report) in batches of at most `maxBatch`. */
function relay(reports) {
  const sends = [];
  for (let k = 0; k < reports.length; k += maxBatch) {
    const batch = reports.slice(k, k + maxBatch);
    sends.push(submit(reportsCall(calls.submitReports, batch.map(({ signed }) => signed))).then(() => {
      stats.reports += batch.length;
      for (const { beaconer } of batch) if (beacons.has(beaconer)) beacons.get(beaconer).relayed++;
    }, (error) => refused('reports', error)));
  }
  return Promise.all(sends);
}

async function reveal(i, beacon) {
  const send = (count) => submit(revealCall(calls.revealBeacon, devices[i].key, beacon.localEntropy, count));
  try {
    await send(beacon.relayed);
    stats.revealed++;
  } catch (error) {
    if (!new RegExp(`Custom error: ${wrongReportCount}\\b`).test(reasonOf(error))) return refused('reveal', error);
    // Some relayed reports missed the window: reveal what the chain holds.
    try {
      const { coverage } = await client.call('depin_device', [devices[i].key.hex]);
      await send(coverage.openBeaconReports);
      stats.recounted++;
      stats.revealed++;
    } catch (retryError) {
      refused('reveal', retryError);
    }
  }
}

function onBlock(number, parentHash) {
  if (!freeAt.size) for (const i of mine) freeAt.set(i, number + (i % params.beaconInterval));
  const entropyHash = fromHex(parentHash);
  const sends = [];
  for (const i of mine) {
    const beacon = beacons.get(i);
    // One block after the window's last: a busy pool may still validate against its parent.
    if (beacon?.announcedAt !== undefined && number > beacon.announcedAt + params.reportWindow) {
      beacons.delete(i);
      sends.push(reveal(i, beacon));
    }
    if (freeAt.get(i) > number) continue;
    freeAt.set(i, number + params.maxEntropyAge + 1);
    const localEntropy = bytesFrom(rand, 16);
    const payload = beaconPayload(entropyHash, devices[i].key, localEntropy);
    const { announcement, signature } = announcementOf(genesis, devices[i].key, number - 1, payload);
    beacons.set(i, { localEntropy, payload, relayed: 0 });
    sends.push(submit(announceCall(calls.announceBeacon, announcement, signature)).then(() => stats.announced++, (error) => {
      beacons.delete(i);
      refused('announcement', error);
    }));
  }
  return Promise.all(sends);
}

/** Beaconers of this shard whose announcements block `number` included: their neighbours report. */
function onAnnounced(number, beaconers) {
  const reports = [];
  for (const i of beaconers) {
    const beacon = beacons.get(i);
    if (!beacon) continue;
    beacon.announcedAt = number;
    freeAt.set(i, number + params.beaconInterval);
    const heard = neighbours(i, keys.length).slice(0, witnessCount()).map((j) => devices[j]);
    for (const witness of heard) reports.push({ beaconer: i, signed: reportOf(genesis, devices[i], number, witness, beacon.payload, rand) });
  }
  return relay(reports);
}

let running = true;
parentPort.on('message', (message) => {
  if (message.type === 'stop') {
    running = false;
    parentPort.postMessage({ type: 'stats', stats });
    client.close();
    parentPort.close();
    return;
  }
  if (!running) return;
  const work = message.type === 'block' ? onBlock(message.number, message.parentHash) : onAnnounced(message.number, message.beaconers);
  work.then(() => parentPort.postMessage({ type: 'stats', stats }));
});
parentPort.postMessage({ type: 'ready' });
