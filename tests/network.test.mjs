// The four-validator local network on loopback: finality with one validator stopped, catching up
// after a restart, and a fifth validator joining through rotateKeys, setKeys and root.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Keyring } from '@polkadot/api';
import { mnemonicGenerate } from '@polkadot/util-crypto';
import { u8aToHex } from '@polkadot/util';
import {
  exportChainSpec, prepareNode, removeDir, startLocalNetwork, stopAll, tempDir, waitFor,
} from './lib/network.mjs';
import { connect, devAccounts, submitAndWatch, assertSuccess } from './lib/chain.mjs';
import { tokenUnit } from 'depin-js';

// Short sessions so that a validator added by root authors within a couple of minutes.
const SESSION_LENGTH = 10;

let root;
let spec;
let nodes;

before(async () => {
  root = tempDir('network');
  spec = exportChainSpec('local', root, (s) => {
    s.genesis.runtimeGenesis.patch.validatorSet.sessionLength = SESSION_LENGTH;
    return s;
  });
  nodes = await startLocalNetwork(root, { chain: spec });
});

after(async () => {
  await stopAll('SIGKILL');
  removeDir(root);
});

const finalizedOf = (node) => node.finalizedNumber();

/** The Aura public key (hex) of the authority that authored block `hash`. */
async function auraAuthorOf(api, hash) {
  const header = await api.rpc.chain.getHeader(hash);
  const preRuntime = header.digest.logs.find((log) => log.isPreRuntime && log.asPreRuntime[0].toString() === 'aura');
  const slot = api.createType('u64', preRuntime.asPreRuntime[1]).toBigInt();
  const authorities = await (await api.at(hash)).query.aura.authorities();
  return authorities[Number(slot % BigInt(authorities.length))].toHex();
}

test('four validators finalize blocks', async () => {
  await waitFor('all four nodes to see finalized block #3', async () => {
    const finalized = await Promise.all(nodes.map(finalizedOf));
    return finalized.every((n) => n >= 3);
  }, 180_000, 1_000);
  for (const node of nodes) {
    const health = await node.rpc('system_health');
    assert.equal(health.peers, 3, `${node.name} is connected to the three others`);
  }
});

test('with one of four validators stopped, blocks and finality advance; restarted, it catches up', async () => {
  const [alice, , , dave] = nodes;
  await dave.stop();
  const bestAtStop = await alice.bestNumber();
  const finalizedAtStop = await alice.finalizedNumber();
  await waitFor('three more finalized blocks without Dave', async () =>
    (await alice.finalizedNumber()) >= finalizedAtStop + 3 && (await alice.bestNumber()) >= bestAtStop + 3,
  120_000, 1_000);

  await dave.start();
  const target = await alice.finalizedNumber();
  await waitFor('Dave to catch up', async () => (await dave.finalizedNumber()) >= target, 120_000, 1_000);
  assert.ok((await dave.bestNumber()) >= target);
});

test('a fifth validator joins: rotateKeysWithOwner, session.setKeys, root adds it, it authors blocks', async () => {
  const [alice] = nodes;
  const fifth = await prepareNode({
    name: 'operator', chain: spec, basePath: join(root, 'operator'), validator: true, bootnode: alice,
  });
  await fifth.start();

  const api = await connect(alice);
  try {
    const sudo = devAccounts().alice;
    const operator = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromMnemonic(mnemonicGenerate());
    const funding = await submitAndWatch(api, api.tx.balances.transferKeepAlive(operator.address, 100n * tokenUnit(api)), sudo);
    assertSuccess(api, funding);

    // The node makes the keys in its own keystore and proves them for the operator's account.
    const generated = await fifth.rpc('author_rotateKeysWithOwner', [u8aToHex(operator.publicKey)]);
    assert.match(generated.keys, /^0x[0-9a-f]{128}$/, 'aura (32 bytes) + grandpa (32 bytes)');
    const setKeys = await submitAndWatch(api, api.tx.session.setKeys(generated.keys, generated.proof), operator);
    assertSuccess(api, setKeys);

    const add = await submitAndWatch(api, api.tx.sudo.sudo(api.tx.validatorSet.addValidator(operator.address)), sudo);
    assertSuccess(api, add);
    assert.ok(add.events.some(({ event }) => event.section === 'validatorSet' && event.method === 'ValidatorAdded'));

    // The Aura key is the first 32 bytes of the keys; a block's author is the authority whose
    // turn its slot is.
    const operatorAura = generated.keys.slice(0, 2 + 64);
    let next = (await api.rpc.chain.getHeader()).number.toNumber();
    const authored = await waitFor('a block authored by the fifth validator', async () => {
      const best = (await api.rpc.chain.getHeader()).number.toNumber();
      for (; next <= best; next++) {
        const hash = await api.rpc.chain.getBlockHash(next);
        if ((await auraAuthorOf(api, hash)) === operatorAura) return next;
      }
      return false;
    }, 6 * SESSION_LENGTH * 6_000 + 60_000, 2_000);
    assert.ok(authored > 0);
  } finally {
    await api.disconnect();
  }
});
