/**
 * The indexes a knowledge service holds: one per repository root and
 * revision, each in a knowledge thread of its own (thread-link.ts), shared by
 * every room that asks for that root.
 *
 * - A room claims the root's index. The index held is reused while the
 *   repository's revision on disk is the one it was read at (checked again
 *   once a set time has passed since the last check); otherwise a new one is read, and the old one
 *   stays for the rooms still using it.
 * - Memory is bounded by a cap on the indexes held that no room uses: past
 *   it, the least recently used of them goes first. An index a live room uses
 *   is never dropped, whatever the cap.
 */
import type { KnowledgeSettings } from "./build";
import { RepositoryKnowledge } from "./knowledge-client";

export type HeldIndex = {
  readonly root: string;
  readonly knowledge: RepositoryKnowledge;
  rooms: number;
  lastUsed: number;
  /** When its revision was last found to be the repository's (ms since the epoch). */
  checkedAt: number;
};

export type Claim = {
  index: HeldIndex;
  /** The index was already held (loaded or loading) for another room: nothing is read for this one. */
  shared: boolean;
};

export class HeldIndexes {
  private readonly held = new Set<HeldIndex>();
  private readonly newest = new Map<string, HeldIndex>();
  /** One claim at a time per root, so that two rooms arriving together share one new index. */
  private readonly claiming = new Map<string, Promise<unknown>>();

  /**
   * `recheckMs`: how long a revision check holds. Checking lists the
   * repository again (about a second of CPU for 10k files), so rooms that
   * arrive together share one check. Within it, a file edited since is still
   * read fresh by the code view and the pointer checks; only the index's view
   * of it waits.
   */
  constructor(
    private readonly settings: KnowledgeSettings,
    private readonly limits: { maxIndexes: number; recheckMs: number },
    private readonly changed: () => void,
  ) {}

  get count(): number {
    return this.held.size;
  }

  get rooms(): number {
    let rooms = 0;
    for (const index of this.held) rooms += index.rooms;
    return rooms;
  }

  claim(root: string): Promise<Claim> {
    const previous = this.claiming.get(root) ?? Promise.resolve();
    const claim = previous.then(() => this.claimNow(root));
    this.claiming.set(
      root,
      claim.catch(() => undefined),
    );
    return claim;
  }

  private async claimNow(root: string): Promise<Claim> {
    const held = this.newest.get(root);
    let shared = false;
    if (held) {
      // Counted as used while it is checked, so that another root's claim cannot drop it meanwhile.
      held.rooms += 1;
      shared = await this.stillCurrent(held);
      if (!shared) held.rooms -= 1;
    }
    const index = shared && held ? held : this.read(root);
    if (!shared) index.rooms += 1;
    index.lastUsed = Date.now();
    this.dropUnused();
    this.changed();
    return { index, shared };
  }

  release(index: HeldIndex): void {
    index.rooms = Math.max(0, index.rooms - 1);
    index.lastUsed = Date.now();
    this.dropUnused();
    this.changed();
  }

  used(index: HeldIndex): void {
    index.lastUsed = Date.now();
  }

  private read(root: string): HeldIndex {
    const knowledge = RepositoryKnowledge.open(root, this.settings);
    const index: HeldIndex = { root, knowledge, rooms: 0, lastUsed: Date.now(), checkedAt: 0 };
    // Read just now: as good as checked.
    void knowledge.settled.then(() => {
      index.checkedAt = Date.now();
    });
    this.held.add(index);
    this.newest.set(root, index);
    return index;
  }

  /** Being read, or read at the revision the repository is at now. */
  private async stillCurrent(index: HeldIndex): Promise<boolean> {
    const state = index.knowledge.state;
    if (state.status === "loading" || state.status === "building") return true;
    if (state.status === "failed" || !index.knowledge.usable) return false;
    if (Date.now() - index.checkedAt < this.limits.recheckMs) return true;
    const now = await index.knowledge.ask("revision", {}).catch(() => undefined);
    if (now !== state.revision) return false;
    index.checkedAt = Date.now();
    return true;
  }

  /** Indexes no room uses: an outdated or failed one at once, the rest beyond the cap, least recently used first. */
  private dropUnused() {
    for (const index of this.held) {
      const outdated = this.newest.get(index.root) !== index || index.knowledge.state.status === "failed" || !index.knowledge.usable;
      if (index.rooms === 0 && outdated) this.drop(index);
    }
    const idle = [...this.held].filter((index) => index.rooms === 0).sort((a, b) => a.lastUsed - b.lastUsed);
    while (idle.length > this.limits.maxIndexes) this.drop(idle.shift()!);
  }

  private drop(index: HeldIndex) {
    this.held.delete(index);
    if (this.newest.get(index.root) === index) this.newest.delete(index.root);
    void index.knowledge.close();
  }

  async close(): Promise<void> {
    await Promise.all([...this.held].map((index) => index.knowledge.close()));
    this.held.clear();
    this.newest.clear();
  }
}
