// Starts the four-validator local network (Alice, Bob, Charlie, Dave) on loopback with free
// ports, waits until blocks are finalized, prints the endpoints and stops every node on Ctrl-C.
// Build the node first (scripts/dev or `cargo build --release -p depin-node`).

import { existsSync } from 'node:fs';
import { nodeBinary, removeDir, startLocalNetwork, stopAll, tempDir, waitFor } from '../tests/lib/network.mjs';

if (process.argv.includes('--help')) {
  console.log('usage: scripts/testnet\n\nStarts the 4-validator local network on loopback; Ctrl-C stops it.');
  process.exit(0);
}
if (!existsSync(nodeBinary())) {
  console.error(`depin-node is not built at ${nodeBinary()}: run scripts/dev once, or cargo build --release -p depin-node`);
  process.exit(1);
}

const root = tempDir('testnet');
let stopping = false;
async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping the network...');
  await stopAll('SIGTERM');
  removeDir(root);
  process.exit(code);
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

try {
  const nodes = await startLocalNetwork(root);
  for (const node of nodes) {
    console.log(`${node.name.padEnd(8)} rpc ${node.wsUrl}  p2p /ip4/127.0.0.1/tcp/${node.p2pPort}/p2p/${node.peerId}  log ${node.log}`);
  }
  const [alice] = nodes;
  const finalized = await waitFor('finalized blocks', async () => {
    const n = await alice.finalizedNumber();
    return n >= 2 ? n : false;
  }, 180_000, 1_000);
  console.log(`finality is advancing (finalized #${finalized}); Ctrl-C stops the network`);
  setInterval(async () => {
    try {
      console.log(`best #${await alice.bestNumber()}  finalized #${await alice.finalizedNumber()}`);
    } catch (err) {
      console.log(`alice does not answer: ${err.message}`);
    }
  }, 30_000);
} catch (err) {
  console.error(`testnet failed: ${err.message}`);
  await shutdown(1);
}
