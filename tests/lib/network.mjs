// Starting and stopping real depin-node processes on loopback, and talking JSON-RPC to them.
// Used by the integration tests and by scripts/testnet; it needs no npm package.

import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The depin-node binary: $DEPIN_NODE as scripts/env.sh sets it (the release build in the shared target dir). */
export function nodeBinary() {
  process.env.DEPIN_NODE ??= spawnSync('bash', ['-c', '. scripts/env.sh && printf %s "$DEPIN_NODE"'], { cwd: repoRoot, encoding: 'utf8' }).stdout;
  return process.env.DEPIN_NODE;
}

/** A TCP port that nothing listens on right now, chosen by the kernel. */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

export function tempDir(prefix) {
  return mkdtempSync(join(tmpdir(), `depin-${prefix}-`));
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A script's `--name value` options, as an object (for the simulator and the benchmarks). */
export const cliArgs = (argv = process.argv.slice(2)) =>
  Object.fromEntries(argv.reduce((pairs, arg, i, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []));

/** Runs a depin-node subcommand to completion and returns its stdout and stderr. */
export function runCli(args, { allowFailure = false } = {}) {
  const result = spawnSync(nodeBinary(), args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  if (result.error) throw result.error;
  if (result.status !== 0 && !allowFailure) {
    throw new Error(`depin-node ${args.join(' ')} exited with ${result.status}: ${result.stderr}`);
  }
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Writes a fresh libp2p node key into `dir` and returns its file and peer id. */
export function generateNodeKey(dir) {
  const file = join(dir, 'node-key');
  runCli(['key', 'generate-node-key', '--file', file]);
  const peerId = runCli(['key', 'inspect-node-key', '--file', file]).stdout.trim();
  return { file, peerId };
}

/**
 * Exports the named chain's spec to `dir`, applying `patch(spec)` to its JSON, and returns the
 * file's path. `compact` writes it without indentation: the node hands the genesis patch to the
 * runtime as written, and the runtime allocates at most 32 MiB at once.
 */
export function exportChainSpec(chain, dir, patch = (spec) => spec, { compact = false } = {}) {
  const { stdout } = runCli(['export-chain-spec', '--chain', chain]);
  const file = join(dir, `${chain}-spec.json`);
  writeFileSync(file, stringifyExact(patch(parseExact(stdout)), compact ? 0 : 2));
  return file;
}

// Balances are u128 JSON numbers, which JavaScript numbers cannot all hold (1e21 even prints
// as `1e+21`, which the node rejects): integers of 16 digits or more pass through as marked
// strings.
const BIG = '__u128__';
const parseExact = (json) => JSON.parse(json.replace(/([:\[,]\s*)(\d{16,})(?=\s*[,\]}])/g, `$1"${BIG}$2"`));
const stringifyExact = (value, indent) => JSON.stringify(value, null, indent).replace(new RegExp(`"${BIG}(\\d+)"`, 'g'), '$1');

const running = new Set();

/** A depin-node process with its ports, base path and log file. */
export class DepinNode {
  constructor({ name, chain, basePath, p2pPort, rpcPort, args, log }) {
    Object.assign(this, { name, chain, basePath, p2pPort, rpcPort, args, log });
    this.child = null;
  }

  get rpcUrl() { return `http://127.0.0.1:${this.rpcPort}`; }
  get wsUrl() { return `ws://127.0.0.1:${this.rpcPort}`; }

  /** Starts the process and resolves once its RPC server answers (within `timeoutMs`). */
  async start(timeoutMs = 60_000) {
    const out = openSync(this.log, 'a');
    this.child = spawn(nodeBinary(), this.args, { stdio: ['ignore', out, out] });
    running.add(this);
    this.exited = new Promise((r) => this.child.once('exit', (code, signal) => {
      running.delete(this);
      r({ code, signal });
    }));
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.child.exitCode !== null) throw new Error(`${this.name} exited:\n${this.logTail()}`);
      try {
        await this.rpc('system_health');
        return this;
      } catch {
        if (Date.now() > deadline) throw new Error(`${this.name} RPC did not answer in ${timeoutMs / 1000} s:\n${this.logTail()}`);
        await sleep(250);
      }
    }
  }

  /** Stops the process with `signal` and waits for it to exit. */
  async stop(signal = 'SIGTERM') {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 20_000);
    await this.exited;
    clearTimeout(timer);
  }

  logTail(lines = 40) {
    try { return readFileSync(this.log, 'utf8').split('\n').slice(-lines).join('\n'); } catch { return ''; }
  }

  /** One JSON-RPC call over HTTP; throws on a JSON-RPC error. */
  async rpc(method, params = []) {
    const res = await fetch(this.rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    });
    const body = await res.json();
    if (body.error) throw Object.assign(new Error(`${method}: ${body.error.message}`), { rpcError: body.error });
    return body.result;
  }

  async bestNumber() { return parseInt((await this.rpc('chain_getHeader')).number, 16); }

  async finalizedNumber() {
    const hash = await this.rpc('chain_getFinalizedHead');
    return parseInt((await this.rpc('chain_getHeader', [hash])).number, 16);
  }
}

/**
 * Prepares (does not start) a node on free loopback ports, with a fresh node key unless `nodeKey`
 * is given. `keyring` (alice, bob, ...) loads that development account's session keys;
 * `bootnode` is another DepinNode to dial.
 */
export async function prepareNode({ name, chain, basePath, validator = false, keyring, bootnode, nodeKey, extraArgs = [] }) {
  mkdirSync(basePath, { recursive: true });
  nodeKey ??= generateNodeKey(basePath);
  const p2pPort = await freePort();
  const rpcPort = await freePort();
  const args = [
    '--chain', chain,
    '--base-path', basePath,
    '--name', name,
    '--listen-addr', `/ip4/127.0.0.1/tcp/${p2pPort}`,
    '--rpc-port', String(rpcPort),
    '--rpc-cors', 'all',
    '--no-prometheus',
    '--no-telemetry',
    '--no-mdns',
  ];
  if (validator) args.push('--validator');
  if (keyring) args.push(`--${keyring}`);
  args.push('--node-key-file', nodeKey.file);
  if (bootnode) args.push('--bootnodes', `/ip4/127.0.0.1/tcp/${bootnode.p2pPort}/p2p/${bootnode.peerId}`);
  args.push(...extraArgs);
  const node = new DepinNode({ name, chain, basePath, p2pPort, rpcPort, args, log: join(basePath, 'node.log') });
  node.peerId = nodeKey.peerId;
  return node;
}

/** Polls `check` until it returns a truthy value, or fails after `timeoutMs`. */
export async function waitFor(what, check, timeoutMs, intervalMs = 500) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (err) {
      lastError = err;
    }
    await sleep(intervalMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${lastError.message}` : ''}`);
}

/** Stops every node this process started; for test teardown and Ctrl-C. */
export async function stopAll(signal = 'SIGTERM') {
  await Promise.all([...running].map((n) => n.stop(signal)));
}

/** Removes a temporary directory, ignoring one that is already gone. */
export function removeDir(dir) {
  rmSync(dir, { recursive: true, force: true });
}

/** The development accounts that validate the `local` chain, in genesis order. */
export const LOCAL_VALIDATORS = ['alice', 'bob', 'charlie', 'dave'];

/**
 * Starts the four-validator local network under `root`: Alice first with a known node key, the
 * others dialing her. `chain` defaults to the built-in `local` spec.
 */
export async function startLocalNetwork(root, { chain = 'local' } = {}) {
  const nodes = [];
  let bootnode;
  for (const keyring of LOCAL_VALIDATORS) {
    const node = await prepareNode({ name: keyring, chain, basePath: join(root, keyring), validator: true, keyring, bootnode });
    await node.start();
    bootnode ??= node;
    nodes.push(node);
  }
  return nodes;
}
