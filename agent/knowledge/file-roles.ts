/**
 * What part a file plays, by its path: the repository's own code, or what
 * supports it (tests, fixtures, benchmarks, examples, docs, tooling scripts),
 * and which files are tests. Shared by the greeting's examples, the map's
 * entry points and the tour, so that they agree on what counts.
 */

/** Tests, fixtures, benchmarks, examples, docs and tooling scripts: not where a newcomer starts. */
export const SUPPORTING =
  /(^|\/)(tests?|e2e|__tests__|spec|fixtures?|bench|benchmarks?|examples?|docs?|scripts?)(\/|$)|\.(test|spec)\.[a-z]+$/i;

/** Test files, by their folder or their name. */
export const TESTS = /(^|\/)(tests?|e2e|__tests__|spec|specs)\/|(\.|_)(test|spec)\.[a-z]+$|(^|\/)test_[^/]+\.py$/i;
