// depin-js: the device side of depin-node. See the modules for each part.

export * from './bytes.mjs';
export * from './docs.mjs';
export * from './keys.mjs';
export * from './messages.mjs';
export * from './random.mjs';
export * from './transactions.mjs';
export * from './polkadot.mjs';
export * from './radio.mjs';
