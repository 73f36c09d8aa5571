// One flood client: its own WebSocket connection and a shard of the beaconers. On every new best
// block it builds, signs and submits a receipt for each of its beaconers whose beacon slot is
// free, with entropy from that block; a beaconer is busy until its receipt is included (then for
// the beacon interval) or until the receipt's entropy is too old to be included.

import { parentPort, workerData } from 'node:worker_threads';
import { fromHex, seeded } from 'depin-js';
import { deviceOf, neighbours, receiptTransaction } from './grid-fleet.mjs';
import { RpcClient } from './rpc.mjs';

const { url, genesisHash, callIndex, keys, cells, shard, witnesses, maxEntropyAge, beaconInterval, seed } = workerData;
const rand = seeded(seed);
const devices = keys.map((key, i) => ({ key: deviceOf(key), cell: cells[i] }));
const genesis = fromHex(genesisHash);


const mine = [];
for (let i = shard[0]; i < shard[1]; i++) mine.push(i);
// First beacons staggered over a beacon interval from the first block seen, so that the fleet
// does not beacon all in one block.
const freeAt = new Map();
const stats = { submitted: 0, witnesses: 0, refused: {} };
const client = await RpcClient.connect(url);

function witnessCount() {
  const [low, high] = witnesses;
  return low + Math.floor(rand() * (high - low + 1));
}

async function submit(hex, count) {
  try {
    await client.call('author_submitExtrinsic', [hex]);
    stats.submitted++;
    stats.witnesses += count;
  } catch (error) {
    const reason = error.message.slice(0, 80);
    stats.refused[reason] = (stats.refused[reason] ?? 0) + 1;
  }
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
  if (message.type === 'included') {
    for (const i of message.beaconers) if (freeAt.has(i)) freeAt.set(i, message.number + beaconInterval);
    return;
  }
  if (message.type !== 'block' || !running) return;
  if (!freeAt.size) for (const i of mine) freeAt.set(i, message.number + (i % beaconInterval));
  const entropyHash = fromHex(message.hash);
  const sends = [];
  for (const i of mine) {
    if (freeAt.get(i) > message.number) continue;
    freeAt.set(i, message.number + maxEntropyAge + 1);
    const chosen = neighbours(i, keys.length).slice(0, witnessCount()).map((j) => devices[j]);
    const hex = receiptTransaction({ genesisHash: genesis, callIndex, entropyBlock: message.number, entropyHash, beaconer: devices[i], witnesses: chosen, rand });
    sends.push(submit(hex, chosen.length));
  }
  Promise.all(sends).then(() => parentPort.postMessage({ type: 'stats', stats }));
});
parentPort.postMessage({ type: 'ready' });
