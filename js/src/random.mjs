// A seeded random generator, so that a seed gives the same fleet, layout and measurements.

/** A generator of numbers in [0, 1) from `seed` (mulberry32). */
export function seeded(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A standard normal draw from `random` (Box–Muller). */
export function gaussian(random) {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** `length` bytes drawn from `random`. */
export function bytesFrom(random, length) {
  return Uint8Array.from({ length }, () => Math.floor(random() * 256));
}
