// Device helpers of the tests over depin-js (the module the simulator and the benchmarks use
// too, checked against the docs' vectors).

import { certificateFor, heartbeatMessage as heartbeat, proofFor } from 'depin-js';
import { submitAndWatch, assertSuccess } from './chain.mjs';

export { beaconOnBest, certificateFor, newDevice, proofFor, signedAnnouncement, signedReceipt, signedReport } from 'depin-js';

// Notre-Dame and the Eiffel tower at resolution 12 (H3 C library): 4,088 m, 97 grid steps apart.
export const NOTRE_DAME = 0x8c1fb46624125ffn;
export const EIFFEL = 0x8c1fb46741ae9ffn;

/** The registration of `device` of `kind` by `owner`, certified by the development maker. */
export async function registration(api, device, kind, owner, options) {
  return api.tx.devices.registerDevice(device.id, kind, await proofFor(api, device, owner), certificateFor(api, device, kind, options));
}

/** Registers `device` of `kind` for `owner`, certified by the development maker, and resolves with the inclusion. */
export async function registerDevice(api, device, kind, owner, options) {
  const inclusion = await submitAndWatch(api, await registration(api, device, kind, owner, options), owner);
  assertSuccess(api, inclusion);
  return inclusion;
}

/** The heartbeat message of `device` for `epoch` on `api`'s chain. */
export const heartbeatMessage = (api, device, epoch) => heartbeat(api.genesisHash.toU8a(), device, epoch);
