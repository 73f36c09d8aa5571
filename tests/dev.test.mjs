// A single `--dev` node: authoring and finality, the standard RPC, a transfer through
// author_submitExtrinsic, CLI errors, and a restart after SIGKILL on the same base path.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { prepareNode, runCli, stopAll, tempDir, removeDir, waitFor } from './lib/network.mjs';
import { Keyring } from '@polkadot/api';
import { connect, devAccounts, freeBalance, submitAndWatch, assertSuccess } from './lib/chain.mjs';
import { tokenUnit } from 'depin-js';

let root;
let node;

before(async () => {
  root = tempDir('dev');
  node = await prepareNode({ name: 'dev', chain: 'dev', basePath: join(root, 'dev'), validator: true, keyring: 'alice' });
  await node.start();
});

after(async () => {
  await stopAll('SIGKILL');
  removeDir(root);
});

test('dev chain authors and finalizes blocks; system_health and chain_getFinalizedHead answer', async () => {
  await waitFor('finalized block #3', async () => (await node.finalizedNumber()) >= 3, 60_000);
  const health = await node.rpc('system_health');
  assert.equal(typeof health.peers, 'number');
  assert.equal(health.isSyncing, false);
  const finalized = await node.rpc('chain_getFinalizedHead');
  assert.match(finalized, /^0x[0-9a-f]{64}$/);
  const best = await node.bestNumber();
  assert.ok(best >= (await node.finalizedNumber()), 'best block is not behind the finalized one');
});

test('the chain reports token properties that wallets read', async () => {
  const properties = await node.rpc('system_properties');
  assert.deepEqual(properties, { ss58Format: 42, tokenDecimals: 12, tokenSymbol: 'DPN' });
});

test('a transfer submitted with author_submitExtrinsic changes both balances exactly', async () => {
  const api = await connect(node);
  try {
    const { alice, bob, charlie } = devAccounts();
    const amount = 12_345_678_900_000n;
    const [bobBefore, charlieBefore, aliceBefore] = await Promise.all(
      [bob, charlie, alice].map((a) => freeBalance(api, a.address)),
    );

    const inclusion = await submitAndWatch(api, api.tx.balances.transferKeepAlive(charlie.address, amount), bob);
    assertSuccess(api, inclusion);
    const feeEvent = inclusion.events.find(({ event }) => api.events.transactionPayment.TransactionFeePaid.is(event));
    assert.ok(feeEvent, 'TransactionFeePaid was emitted');
    const fee = feeEvent.event.data.actualFee.toBigInt() + feeEvent.event.data.tip.toBigInt();
    assert.ok(fee > 0n);

    const at = await api.at(inclusion.blockHash);
    const parentHash = (await api.rpc.chain.getHeader(inclusion.blockHash)).parentHash;
    const before = await api.at(parentHash);
    const balanceAt = async (a, x) => (await a.query.system.account(x.address)).data.free.toBigInt();
    assert.equal(await balanceAt(at, charlie) - await balanceAt(before, charlie), amount);
    assert.equal(await balanceAt(before, bob) - await balanceAt(at, bob), amount + fee);
    // 20 % of the fee and the whole tip go to the block author (Alice authors every block of
    // the dev chain), the rest to the treasury; an epoch closed in this block pays them too.
    const actualFee = feeEvent.event.data.actualFee.toBigInt();
    const toAuthor = (actualFee * 20n) / 100n + feeEvent.event.data.tip.toBigInt();
    const closes = (await at.query.system.events())
      .map(({ event }) => event)
      .filter((event) => api.events.rewards.EpochRewarded.is(event));
    const minted = (field) => closes.reduce((sum, event) => sum + event.data[field].toBigInt(), 0n);
    const treasury = (await api.call.rewardsApi.rewardState()).treasury;
    assert.equal(await balanceAt(at, alice) - await balanceAt(before, alice) - minted('validators'), toAuthor);
    assert.equal(await balanceAt(at, { address: treasury }) - await balanceAt(before, { address: treasury }) - minted('treasury'), fee - toAuthor);
    assert.ok(bobBefore > 0n && charlieBefore > 0n && aliceBefore > 0n);
  } finally {
    await api.disconnect();
  }
});

test('bad extrinsics are rejected by the pool with a clear error and change nothing', async () => {
  await assert.rejects(node.rpc('author_submitExtrinsic', ['0x1234']), /Could not decode/);

  const api = await connect(node);
  try {
    const { charlie } = devAccounts();
    const penniless = new Keyring({ type: 'sr25519' }).addFromUri('//NoFunds');
    const charlieBefore = await freeBalance(api, charlie.address);
    const tx = api.tx.balances.transferKeepAlive(charlie.address, tokenUnit(api));
    await tx.signAsync(penniless, { nonce: 0 });
    await assert.rejects(api.rpc.author.submitExtrinsic(tx), /Inability to pay some fees/);
    assert.equal(await freeBalance(api, charlie.address), charlieBefore);
    assert.equal((await api.rpc.author.pendingExtrinsics()).length, 0);
  } finally {
    await api.disconnect();
  }
});

test('bad CLI arguments exit non-zero with a message', () => {
  const unknownChain = runCli(['--chain', '/nonexistent/spec.json', '--tmp'], { allowFailure: true });
  assert.notEqual(unknownChain.status, 0);
  assert.match(unknownChain.stderr, /unknown chain/);
  const badFlag = runCli(['--no-such-flag'], { allowFailure: true });
  assert.notEqual(badFlag.status, 0);
  assert.match(badFlag.stderr, /no-such-flag/);
});

test('export-chain-spec writes the local spec, plain and raw', () => {
  const plain = JSON.parse(runCli(['export-chain-spec', '--chain', 'local']).stdout);
  assert.equal(plain.id, 'depin_local_testnet');
  assert.equal(plain.properties.tokenSymbol, 'DPN');
  const validators = plain.genesis.runtimeGenesis.patch.validatorSet.initialValidators;
  assert.equal(validators.length, 4);
  const raw = JSON.parse(runCli(['export-chain-spec', '--chain', 'local', '--raw']).stdout);
  assert.ok(Object.keys(raw.genesis.raw.top).length > 10, 'raw spec carries storage');
});

test('a node killed with SIGKILL resumes from its last finalized block', async () => {
  await waitFor('a few finalized blocks', async () => (await node.finalizedNumber()) >= 5, 60_000);
  const finalizedHash = await node.rpc('chain_getFinalizedHead');
  const finalizedBefore = await node.finalizedNumber();
  await node.stop('SIGKILL');

  await node.start();
  const header = await node.rpc('chain_getHeader', [finalizedHash]);
  assert.ok(header, 'the finalized block before the kill is still in the database');
  assert.ok((await node.finalizedNumber()) >= finalizedBefore, 'finality did not go back');
  await waitFor('new finalized blocks after the restart',
    async () => (await node.finalizedNumber()) > finalizedBefore + 2, 60_000);
});
