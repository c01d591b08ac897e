/**
 * Nothing a person waits for waits on the guide's own state attribute: an
 * answer (work done "thinking") finishes at once even when the attribute's
 * update never comes back, and once it does, the attribute catches up with
 * the latest state. The seam is the publisher's own: what it calls to set
 * the attribute (the local participant's setAttributes, in a room).
 */
import { describe, expect, it, vi } from "vitest";
import { AGENT_STATE_ATTRIBUTE, AgentStatePublisher } from "@/agent/guide/agent-state";

/** An attribute update that hangs until released, recording what it was asked to publish. */
function hangingPublisher() {
  const published: string[] = [];
  const pending: Array<() => void> = [];
  const publish = (attributes: Record<string, string>) => {
    published.push(attributes[AGENT_STATE_ATTRIBUTE]!);
    return new Promise<void>((resolve) => pending.push(resolve));
  };
  const releaseAll = async () => {
    while (pending.length > 0) {
      pending.shift()!();
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { publish, published, releaseAll };
}

describe("the guide's state attribute", () => {
  it("never holds up an answer, even when the attribute update hangs", async () => {
    const attribute = hangingPublisher();
    const state = new AgentStatePublisher(attribute.publish);
    state.start();
    state.markReady();
    const answered = await Promise.race([
      state.during("thinking", async () => "the answer"),
      new Promise((resolve) => setTimeout(() => resolve("still waiting"), 1_000)),
    ]);
    expect(answered).toBe("the answer");
    expect(state.current).toBe("listening");
  });

  it("ends up showing the latest state, in order, one update at a time", async () => {
    const attribute = hangingPublisher();
    const state = new AgentStatePublisher(attribute.publish);
    state.start();
    state.markReady();
    await state.during("thinking", async () => undefined);
    // Only the first update went out; the others wait for it, and collapse into the latest.
    expect(attribute.published).toEqual(["initializing"]);
    await attribute.releaseAll();
    expect(attribute.published).toEqual(["initializing", "listening"]);
    await state.during("speaking", async () => undefined);
    await attribute.releaseAll();
    expect(attribute.published).toEqual(["initializing", "listening", "speaking", "listening"]);
  });

  it("sends the state again after an update fails", async () => {
    const errors: unknown[] = [];
    const published: string[] = [];
    const state = new AgentStatePublisher(
      async (attributes) => {
        published.push(attributes[AGENT_STATE_ATTRIBUTE]!);
        if (published.length <= 2) throw new Error("the server said no");
      },
      (error) => errors.push(error),
    );
    state.start();
    state.markReady();
    // "initializing" fails; "listening" goes next and fails too; a moment later it is sent again.
    await vi.waitFor(() => expect(published).toEqual(["initializing", "listening", "listening"]), { timeout: 5_000, interval: 50 });
    expect(errors).toHaveLength(2);
  });
});
