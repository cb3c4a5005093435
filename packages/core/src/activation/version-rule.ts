/** A semver version string: `major.minor.patch` with an optional pre-release or build suffix. */
export const SEMVER = /^(\d{1,9})\.(\d{1,9})\.(\d{1,9})(?:[-+][0-9A-Za-z.-]{1,64})?$/;

/** The major version of a semver string; NaN for anything else. */
export function majorVersion(version: string): number {
  const m = SEMVER.exec(version);
  return m ? Number(m[1]) : Number.NaN;
}

/**
 * The version rule of saved activations: something saved with plugin version `saved` loads under the registered
 * version `registered` when the saved major is at most the registered one (1.9.0 loads under 1.2.3 and 2.0.0; 2.0.0
 * does not load under 1.x, whose hyper-parameters and learnables a newer major may have changed).
 */
export function savedVersionLoads(saved: string, registered: string): boolean {
  return majorVersion(saved) <= majorVersion(registered);
}

/** Why `saved` does not load under `registered`, and the fix. */
export function newerVersionProblem(name: string, saved: string, registered: string): string {
  return `was saved with activation "${name}" version ${saved}, newer than the registered version ${registered} (major ${majorVersion(saved)} > ${majorVersion(registered)}); upgrade the plugin package`;
}
