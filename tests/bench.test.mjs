// Smoke runs of the benchmark harnesses (docs/benchmarks.md) at a tiny scale: they must start
// their fleet nodes, get announced beacons (flood), receipts (scaling), transfers, epoch closes
// and claims included, write their results and stop their nodes. The numbers are not checked
// here; the benchmarks measure them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, tempDir, removeDir } from './lib/network.mjs';

function runHarness(script, args) {
  const out = tempDir(`bench-${script}`);
  const run = spawnSync('node', [join(repoRoot, 'scripts', 'bench', 'flood', `${script}.mjs`), ...args, '--out', out], {
    encoding: 'utf8',
    timeout: 420_000,
  });
  assert.equal(run.status, 0, `${script}.mjs failed:\n${run.stderr.slice(-4000)}`);
  const result = JSON.parse(readFileSync(join(out, `${script}.json`), 'utf8'));
  removeDir(out);
  return result;
}

test('the flood harness includes witness reports, reveals and transfers, and a second node imports them', () => {
  const result = runHarness('flood', ['--devices', '300', '--minutes', '1', '--warmup', '0.2', '--transfer-minutes', '0.3', '--clients', '2']);
  assert.ok(result.beacons.witnessReportsPerSecond > 0, 'witness reports included');
  assert.ok(result.blocks.some((b) => b.selected > 0), 'revealed beacons rewarded witnesses');
  assert.equal(result.beacons.invalid, 0, 'every relayed report was valid');
  assert.ok(result.secondNodeImport.count >= result.secondNodeImport.blocks, 'the second node imported every block');
  assert.ok(result.transfers.perSecond > 0, 'transfers included');
  assert.ok(result.ratioWitnessReportsToTransfers > 0);
  assert.ok(result.blocks.some((b) => b.buildMs > 0), 'block build times read from Prometheus');
  assert.ok(result.process.length > 10, 'node CPU and memory sampled');
});

test('the scaling harness measures receipts, epoch closes, claims and pendingRewards', () => {
  const [result] = runHarness('scaling', ['--sizes', '300', '--receipts', '4', '--closes', '2', '--queries', '20']);
  assert.equal(result.devices, 300);
  assert.ok(result.receiptsMeasured > 0 && result.closesMeasured > 0 && result.claimsMeasured > 0);
  assert.ok(result.pendingRewards.soloOwner.p99Ms > 0 && result.pendingRewards.soloOwnerWs.p99Ms > 0);
  assert.equal(result.pendingRewards.soloOwnerCurl.connections, 1, 'curl kept one HTTP connection');
  assert.ok(result.pendingRewards.soloOwnerCurl.p99Ms > 0);
  const state = result.deviceState;
  assert.ok(state['Devices.Devices'].valueBytes > 0, 'the device record read from the node');
  assert.ok(state['Devices.DevicesInFineCells (res 10 to 8)'].perDevice > 0, 'the fine density entry read');
  assert.ok(state['Devices.OwnedDevices (page)'].sharedBy >= 1, 'the owner page read');
  assert.ok(result.genesisDatabaseBytes > 0);
});
