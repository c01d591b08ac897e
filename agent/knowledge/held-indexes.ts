/**
 * The indexes a knowledge service holds: one per repository root and
 * revision, each in a knowledge thread of its own (thread-link.ts), shared by
 * every room that asks for that root.
 *
 * - A room claims the root's index. The index held is reused while the
 *   repository's revision on disk is the one it was read at; otherwise a new
 *   one is read, and the old one stays for the rooms still using it.
 * - Memory is bounded by a cap on indexes held: past it, the least recently
 *   used index that no room uses goes first. An index a live room uses is
 *   never dropped, so the cap can be exceeded while rooms need more.
 */
import type { KnowledgeSettings } from "./build";
import { RepositoryKnowledge } from "./knowledge-client";

export type HeldIndex = {
  readonly root: string;
  readonly knowledge: RepositoryKnowledge;
  rooms: number;
  lastUsed: number;
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

  constructor(
    private readonly settings: KnowledgeSettings,
    private readonly maxIndexes: number,
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
    const shared = held !== undefined && (await this.stillCurrent(held));
    const index = shared ? held : this.read(root);
    index.rooms += 1;
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
    const index: HeldIndex = { root, knowledge: RepositoryKnowledge.open(root, this.settings), rooms: 0, lastUsed: Date.now() };
    this.held.add(index);
    this.newest.set(root, index);
    return index;
  }

  /** Being read, or read at the revision the repository is at now. */
  private async stillCurrent(index: HeldIndex): Promise<boolean> {
    const state = index.knowledge.state;
    if (state.status === "loading" || state.status === "building") return true;
    if (state.status === "failed") return false;
    const now = await index.knowledge.ask("revision", {}).catch(() => undefined);
    return now === state.revision;
  }

  /** Indexes no room uses: an outdated or failed one at once, the rest beyond the cap, least recently used first. */
  private dropUnused() {
    for (const index of this.held) {
      const outdated = this.newest.get(index.root) !== index || index.knowledge.state.status === "failed";
      if (index.rooms === 0 && outdated) this.drop(index);
    }
    const idle = [...this.held].filter((index) => index.rooms === 0).sort((a, b) => a.lastUsed - b.lastUsed);
    while (this.held.size > this.maxIndexes && idle.length > 0) this.drop(idle.shift()!);
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
