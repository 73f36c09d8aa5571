// @polkadot/api helpers shared by the tests: connecting, dev accounts and waiting on chain state.

import { ApiPromise, WsProvider, Keyring } from '@polkadot/api';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { join } from 'node:path';
import { waitFor, prepareNode, stopAll, tempDir, removeDir } from './network.mjs';

/** Connects @polkadot/api to a node; the caller disconnects it. */
export async function connect(node) {
  await cryptoWaitReady();
  const provider = new WsProvider(node.wsUrl, 1_000);
  return ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true });
}

/**
 * Starts a `--dev` validator (Alice) in a temp dir and connects @polkadot/api to it;
 * `stop()` disconnects, kills the node and removes the dir.
 */
export async function startDevChain(name) {
  const root = tempDir(name);
  const node = await prepareNode({ name, chain: 'dev', basePath: join(root, 'dev'), validator: true, keyring: 'alice' });
  await node.start();
  const api = await connect(node);
  const stop = async () => {
    await api.disconnect();
    await stopAll('SIGKILL');
    removeDir(root);
  };
  return { node, api, stop };
}

/** The sr25519 development accounts (//Alice, //Bob, ...). */
export function devAccounts() {
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const names = ['alice', 'bob', 'charlie', 'dave', 'eve', 'ferdie'];
  return Object.fromEntries(names.map((n) => [n, keyring.addFromUri(`//${n[0].toUpperCase()}${n.slice(1)}`)]));
}

export async function freeBalance(api, address) {
  return (await api.query.system.account(address)).data.free.toBigInt();
}

/**
 * Signs `tx` with `signer`, submits it with `author_submitExtrinsic` and resolves with the
 * events it emitted once a block includes it.
 */
export async function submitAndWatch(api, tx, signer) {
  await tx.signAsync(signer, { nonce: -1 });
  const hash = tx.hash.toHex();
  const startBlock = (await api.rpc.chain.getHeader()).number.toNumber();
  await api.rpc.author.submitExtrinsic(tx);
  return waitFor(`inclusion of ${hash}`, async () => {
    const best = (await api.rpc.chain.getHeader()).number.toNumber();
    for (let n = startBlock; n <= best; n++) {
      const blockHash = await api.rpc.chain.getBlockHash(n);
      const block = await api.rpc.chain.getBlock(blockHash);
      const index = block.block.extrinsics.findIndex((x) => x.hash.toHex() === hash);
      if (index < 0) continue;
      const events = await (await api.at(blockHash)).query.system.events();
      return {
        blockHash,
        events: events.filter((e) => e.phase.isApplyExtrinsic && e.phase.asApplyExtrinsic.toNumber() === index),
      };
    }
    return null;
  }, 60_000);
}

/** Throws the dispatch error of a failed extrinsic, if any. */
export function assertSuccess(api, { events }) {
  const failed = events.find(({ event }) => api.events.system.ExtrinsicFailed.is(event));
  if (!failed) return;
  const [dispatchError] = failed.event.data;
  const message = dispatchError.isModule
    ? (({ section, name }) => `${section}.${name}`)(api.registry.findMetaError(dispatchError.asModule))
    : dispatchError.toString();
  throw new Error(`extrinsic failed: ${message}`);
}
