// A dev validator whose genesis holds a benchmark fleet, with what the benchmarks read from it:
// the block build time from its Prometheus histogram, and its CPU and memory from /proc; and a
// second node that syncs its chain, with its import time.

import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { prepareNode, exportChainSpec, freePort, tempDir } from '../../../tests/lib/network.mjs';
import { connect } from '../../../tests/lib/chain.mjs';
import { genesisDevice } from './grid-fleet.mjs';

const SESSION_BLOCKS = 600;

/**
 * Starts a dev validator (Alice) whose genesis registers `keys[i]` in `cells[i]` for
 * `ownerOf(i)` and endows `endowed` addresses with `tokens` whole tokens each; resolves with the node,
 * a connected @polkadot/api, its temp dir and how long it took to start. Epochs and beacon
 * intervals keep the dev chain's minute; sessions last an hour as on a production chain, because
 * a session change takes a whole block (pallet-session weighs it at the block's maximum).
 */
export async function startFleetNode({ name, keys, cells, ownerOf, endowed = [], tokens, extraArgs = [] }) {
  const root = tempDir(name);
  const spec = exportChainSpec('dev', root, (s) => {
    const genesis = s.genesis.runtimeGenesis.patch;
    genesis.validatorSet.sessionLength = SESSION_BLOCKS;
    genesis.devices.devices = keys.map((key, i) => genesisDevice(ownerOf(i), key, cells[i]));
    const amount = tokens * 10n ** BigInt(s.properties.tokenDecimals);
    for (const address of endowed) genesis.balances.balances.push([address, `__u128__${amount}`]);
    return s;
  }, { compact: true });
  const node = await prepareNode({ name, chain: spec, basePath: join(root, 'node'), validator: true, keyring: 'alice' });
  const metrics = await withPrometheus(node);
  node.args.push(...extraArgs);
  const startedAt = Date.now();
  await node.start(300_000);
  const startSeconds = (Date.now() - startedAt) / 1000;
  const api = await connect(node);

  /** The node's block build times so far: sum (seconds) and count. */
  const buildSeconds = () => metrics('substrate_proposer_block_constructed');

  /** Bytes the node's database takes on disk. */
  const databaseBytes = () => Number(execFileSync('du', ['-sb', join(root, 'node', 'chains')]).toString().split('\t')[0]);

  return { root, node, api, startSeconds, buildSeconds, databaseBytes };
}

/**
 * Makes `node` serve Prometheus metrics on a free port; resolves with a reader of one of its
 * histograms: `{ sum, count }`.
 */
async function withPrometheus(node) {
  const port = await freePort();
  node.args = node.args.filter((a) => a !== '--no-prometheus');
  node.args.push('--prometheus-port', String(port));
  return async (histogram) => {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const metric = (name) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
    return { sum: metric(`${histogram}_sum`), count: metric(`${histogram}_count`) };
  };
}

/**
 * Starts a second node (not a validator) of the chain `spec` under `root`, syncing from
 * `bootnode`; `importSeconds()` reads how long its blocks took to verify and import: sum
 * (seconds) and count.
 */
export async function startSyncNode({ root, spec, bootnode }) {
  const node = await prepareNode({ name: 'sync', chain: spec, basePath: join(root, 'sync'), bootnode });
  const metrics = await withPrometheus(node);
  await node.start(300_000);
  return { node, importSeconds: () => metrics('substrate_block_verification_and_import_time') };
}

/** Samples a process's CPU (in cores) and resident memory every second until `stop()`. */
export function processSampler(pid) {
  const samples = [];
  const ticks = () => {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(fields[11]) + Number(fields[12]);
  };
  let [lastTicks, lastTime] = [ticks(), Date.now()];
  const timer = setInterval(() => {
    const [now, t] = [ticks(), Date.now()];
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
    samples.push({ t, cpu: (now - lastTicks) / 100 / ((t - lastTime) / 1000), rssMb: rssKb / 1024 });
    [lastTicks, lastTime] = [now, t];
  }, 1_000);
  return { samples, stop: () => clearInterval(timer) };
}

/** The value at quantile `q` (0–1) of `values`, ignoring nulls. */
export function quantile(values, q) {
  const sorted = values.filter((v) => v != null && !Number.isNaN(v)).sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : null;
}
