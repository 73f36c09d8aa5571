// The operator CLI end to end: tests/cli-journey.sh drives `depin-node device …` and
// `depin-node rewards …` against a dev chain started here.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { nodeBinary, repoRoot, runCli, tempDir, removeDir } from './lib/network.mjs';
import { startDevChain } from './lib/chain.mjs';

let chain;
let work;

before(async () => {
  chain = await startDevChain('cli');
  work = tempDir('cli-work');
});

after(async () => {
  await chain?.stop();
  if (work) removeDir(work);
});

test('the operator journey through the CLI: keys, registration, locations, beacon, witness, receipt, heartbeat, claim', () => {
  const run = spawnSync('bash', [join(repoRoot, 'tests', 'cli-journey.sh'), nodeBinary(), chain.node.rpcUrl, work], {
    encoding: 'utf8',
    timeout: 300_000,
  });
  assert.equal(run.status, 0, `cli-journey.sh failed:\n${run.stderr}\n${run.stdout}`);
  assert.match(run.stderr, /claimed 11200000000000000 planck/);
});

test('every operator command has --help, and a bad argument exits non-zero with a message', () => {
  for (const group of ['device', 'rewards', 'maker']) {
    const help = runCli([group, '--help']);
    assert.match(help.stdout, /Usage: depin-node/);
  }
  for (const command of ['key-generate', 'key-import', 'key-show', 'pop', 'register', 'locate', 'heartbeat', 'beacon', 'witness', 'receipt', 'show']) {
    assert.match(runCli(['device', command, '--help']).stdout, /Usage: depin-node device/);
  }
  for (const command of ['key-generate', 'certify', 'inspect', 'x509-chain']) {
    assert.match(runCli(['maker', command, '--help']).stdout, /Usage: depin-node maker/);
  }
  const bad = runCli(['device', 'key-generate', '--scheme', 'rsa', '--out', join(work, 'x.json')], { allowFailure: true });
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /invalid value 'rsa'/);
  const unreachable = runCli(['rewards', 'show', '--account', '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY', '--url', 'ws://127.0.0.1:1'], { allowFailure: true });
  assert.equal(unreachable.status, 1);
  assert.match(unreachable.stderr, /error: cannot connect to ws:\/\/127.0.0.1:1/);
});
