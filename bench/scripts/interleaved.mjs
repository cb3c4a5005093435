// Shared by the A/B scripts: interleaved timing, so that a shared machine's load hits every contender alike.

/**
 * Calls each function of `runs` (name → function) `warmup` times, then times `rounds` rounds of `reps` calls each,
 * the names' order reversed every other round. Returns, per name, the ms per call: min, q25 and median of the rounds.
 */
export function interleaved(runs, { warmup, rounds, reps }) {
  const names = Object.keys(runs);
  for (let w = 0; w < warmup; w++) for (const k of names) runs[k]();
  const times = Object.fromEntries(names.map((k) => [k, []]));
  for (let round = 0; round < rounds; round++) {
    for (const k of round % 2 ? names : [...names].reverse()) {
      const t = performance.now();
      for (let i = 0; i < reps; i++) runs[k]();
      times[k].push((performance.now() - t) / reps);
    }
  }
  return Object.fromEntries(
    names.map((k) => {
      const s = [...times[k]].sort((p, q) => p - q);
      return [k, { min: s[0], q25: s[Math.floor(s.length / 4)], med: s[Math.floor(s.length / 2)] }];
    }),
  );
}
