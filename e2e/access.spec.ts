/**
 * Who may start and join, through the page, with sign-in configured against
 * a real OpenID Connect provider (e2e/support/access-stack.ts): a member signs
 * in and invites a guest who joins with the link alone; forged, expired and
 * moved invites, and people who are not members, are refused with the reason
 * on the page and no room created; and signing out works.
 */
import { randomBytes } from "node:crypto";
import { ROLE_ATTRIBUTE, SESSION_ATTRIBUTE, VERIFIED_NAME_ATTRIBUTE } from "../contract/join";
import { parseRoomMetadata } from "../contract/room-metadata";
import { createNodeClient } from "../trpc/node";
import { type AccessStack, liveKitDispatches, peopleIn, signIn, startAccessStack } from "./support/access-stack";
import { expect, expectConnected, liveKitRooms, remoteTile, roomOf, test } from "./support/fixtures";
import { resignedInvite, tampered } from "./support/invites";

test.use({ ignoreHTTPSErrors: true });

let stack: AccessStack;
test.beforeAll(async () => {
  stack = await startAccessStack();
});
test.afterAll(async () => stack?.stop());

const roomExists = async (room: string) => (await liveKitRooms().listRooms([room])).length > 0;

test("a member signs in, starts a session, and a guest joins from another browser with the invite link alone", async ({
  page,
  browser,
}) => {
  await signIn(page, stack, "ada");
  await expect(page.getByTestId("signed-in")).toContainText("Ada Lovelace (ada@example.com)");
  await expect(page.getByTestId("open-mode")).toHaveCount(0);
  await expect(page.getByLabel("Your name")).toHaveValue("Ada Lovelace");
  await page.getByRole("button", { name: "Start session" }).click();
  await expectConnected(page);
  const room = await roomOf(page);
  const link = await page.getByTestId("invite-link").getAttribute("href");
  expect(link).toMatch(new RegExp(`^${stack.appUrl}/rooms/${room}#invite=`));

  const guestContext = await browser.newContext();
  try {
    const guest = await guestContext.newPage();
    await guest.goto(link!);
    await expect(guest.getByTestId("joining-as-guest")).toBeVisible();
    await guest.getByLabel("Your name").fill("Grace");
    await guest.getByRole("button", { name: "Join session" }).click();
    await expectConnected(guest);

    // Everyone's role is beside their name, from their token: on tiles and in the chat.
    await expect(remoteTile(page, "Grace").getByTestId("role-badge")).toHaveText("Guest");
    await expect(remoteTile(guest, "Ada Lovelace").getByTestId("role-badge")).toHaveText("Member");
    await guest.getByRole("button", { name: "Chat" }).click();
    await guest.getByPlaceholder("Enter a message...").fill("Hello from Grace");
    await guest.getByRole("button", { name: "Send" }).click();
    await page.getByRole("button", { name: "Chat" }).click();
    await page.getByPlaceholder("Enter a message...").fill("Welcome, Grace");
    await page.getByRole("button", { name: "Send" }).click();
    const badgeOf = (on: typeof page, text: string) => on.locator(".lk-chat-entry").filter({ hasText: text }).getByTestId("role-badge");
    await expect(badgeOf(page, "Hello from Grace")).toHaveText("Guest");
    await expect(badgeOf(guest, "Welcome, Grace")).toHaveText("Member");
    // The guide greets each of them: its messages carry its own badge, which no name can.
    await expect(guest.locator('.lk-chat-entry[data-from-guide="true"]').first().getByTestId("role-badge")).toHaveText("Guide");

    // A guest sees what the session is about, not where the server keeps the repository; the member sees both.
    await expect(guest.getByRole("complementary", { name: "Onboarding context" }).getByRole("heading")).toHaveText("Members only");
    await expect(guest.getByTestId("context-repo-root")).toHaveCount(0);
    await expect(page.getByTestId("context-repo-root")).toHaveText(/fleet-tracker$/);
    // A guest cannot pass the session on.
    await expect(guest.getByTestId("invite-link")).toHaveCount(0);

    // Both tokens name the session (the room's life) they were issued for.
    const [liveRoom] = await liveKitRooms().listRooms([room]);
    const session = parseRoomMetadata(liveRoom?.metadata)?.provisionId;
    expect(session).toBeTruthy();
    const participants = await peopleIn(room);
    expect(Object.fromEntries(participants.map((participant) => [participant.name, participant.attributes]))).toEqual({
      "Ada Lovelace": { [ROLE_ATTRIBUTE]: "member", [SESSION_ATTRIBUTE]: session, [VERIFIED_NAME_ATTRIBUTE]: "Ada Lovelace" },
      Grace: { [ROLE_ATTRIBUTE]: "guest", [SESSION_ATTRIBUTE]: session },
    });
    // The member's room got its guide, once; the guest brought none.
    const dispatches = await liveKitDispatches().listDispatch(room);
    expect(dispatches.map((dispatch) => dispatch.agentName)).toEqual([stack.agentName]);
  } finally {
    await guestContext.close();
  }
});

test("a forged, an expired and a moved invite each let no one in, and the page says why", async ({ browser }) => {
  // A real session and its real invite, started with the service token.
  const host = await createNodeClient(stack.appUrl, { serviceToken: stack.serviceToken }).livekit.join.mutate({ participantName: "Host" });
  const genuine = host.invite!.token;
  const now = Math.floor(Date.now() / 1000);
  const elsewhere = `moved-${randomBytes(6).toString("hex")}`;
  const attempts = [
    { what: "forged", room: host.roomName, invite: tampered(genuine), says: "This invite link is not valid" },
    {
      what: "expired",
      room: host.roomName,
      invite: await resignedInvite(stack.authSecret, genuine, { issuedAt: now - 7200, expiresAt: now - 3600 }),
      says: "This invite link has expired",
    },
    { what: "moved", room: elsewhere, invite: genuine, says: "This invite link is for another session" },
  ];
  for (const attempt of attempts) {
    const context = await browser.newContext();
    try {
      const guest = await context.newPage();
      await guest.goto(`${stack.appUrl}/rooms/${attempt.room}#invite=${attempt.invite}`);
      await guest.getByLabel("Your name").fill("Mallory");
      await guest.getByRole("button", { name: "Join session" }).click();
      await expect(guest.getByText(attempt.says), attempt.what).toBeVisible();
      await expect(guest.getByTestId("connection-state")).toHaveCount(0);
    } finally {
      await context.close();
    }
  }
  expect(await roomExists(elsewhere)).toBe(false);
  expect(await peopleIn(host.roomName)).toEqual([]);
});

test("a session's page without an invite sends a visitor to sign in or to their link", async ({ page }) => {
  const host = await createNodeClient(stack.appUrl, { serviceToken: stack.serviceToken }).livekit.join.mutate({ participantName: "Host" });
  await page.goto(`${stack.appUrl}/rooms/${host.roomName}`);
  await expect(page.getByTestId("access-panel")).toContainText("Open the invite link exactly as you received it");
  await expect(page.getByLabel("Your name")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Sign in" })).toHaveAttribute(
    "href",
    `/api/auth/signin?returnTo=%2Frooms%2F${host.roomName}`,
  );
});

test("people who are not members cannot start a session: another domain, or an unverified address", async ({ page, browser }) => {
  await signIn(page, stack, "eve");
  await expect(page.getByTestId("not-a-member")).toContainText("eve@other.org is not a member here");
  await expect(page.getByRole("button", { name: "Start session" })).toHaveCount(0);
  // Her session cookie does not get her in through the API either.
  const room = `eve-${randomBytes(6).toString("hex")}`;
  const refused = await page.request.post(`${stack.appUrl}/api/trpc/livekit.join`, {
    data: { participantName: "Eve", roomName: room },
    headers: { origin: stack.appUrl },
  });
  expect(refused.status()).toBe(403);
  const refusal = (await refused.json()).error;
  expect(refusal.data.reason).toBe("NOT_A_MEMBER");
  // Who is a member here is not told to those who are not.
  expect(refusal.message).not.toContain("example.com");
  expect(await roomExists(room)).toBe(false);

  // The allowed domain is not enough when the provider has not verified the address.
  const other = await browser.newContext({ ignoreHTTPSErrors: true });
  try {
    const una = await other.newPage();
    await signIn(una, stack, "una");
    await expect(una.getByTestId("not-a-member")).toContainText("una@example.com is not a member here");
    await expect(una.getByRole("button", { name: "Start session" })).toHaveCount(0);
  } finally {
    await other.close();
  }
});

test("signing out ends the member's session in this browser", async ({ page }) => {
  await signIn(page, stack, "ada");
  await expect(page.getByTestId("signed-in")).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
  await expect(page.getByTestId("signed-in")).toHaveCount(0);
  const room = `out-${randomBytes(6).toString("hex")}`;
  const after = await page.request.post(`${stack.appUrl}/api/trpc/livekit.join`, {
    data: { participantName: "Ada", roomName: room },
    headers: { origin: stack.appUrl },
  });
  expect(after.status()).toBe(401);
  expect(await roomExists(room)).toBe(false);
});

test("a flood of anonymous joins at the limit leaves a member's join untouched", async ({ page }) => {
  // An app of its own, with small budgets: the flood must not spend the shared stack's.
  const flooded = await startAccessStack({ RATE_LIMIT_JOINS: "5", RATE_LIMIT_REFUSALS: "10" });
  try {
    const statuses: number[] = [];
    let flooding = true;
    // From this machine, the same address as Ada's browser: before limits came after identity, they shared one budget.
    const flood = (async () => {
      while (flooding || statuses.length < 50) {
        const replies = await Promise.all(
          Array.from({ length: 10 }, () =>
            fetch(`${flooded.appUrl}/api/trpc/livekit.join`, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({ participantName: "Anon" }),
            }),
          ),
        );
        statuses.push(...replies.map((reply) => reply.status));
      }
    })();
    try {
      await signIn(page, flooded, "ada");
      await page.getByRole("button", { name: "Start session" }).click();
      await expectConnected(page);
    } finally {
      flooding = false;
      await flood;
    }
    // The refusals have a budget of their own, and the flood spent it: sign-in still answers 401, then 429.
    expect(statuses.filter((status) => status === 401)).toHaveLength(10);
    expect(statuses.filter((status) => status === 429).length).toBe(statuses.length - 10);
  } finally {
    await flooded.stop();
  }
});
