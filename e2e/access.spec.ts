/**
 * Who may start and join, through the page, with sign-in configured against
 * a real OpenID Connect provider (e2e/support/access-stack.ts): a member signs
 * in and invites a guest who joins with the link alone; forged, expired and
 * moved invites, and people who are not members, are refused with the reason
 * on the page and no room created; and signing out works.
 */
import { randomBytes } from "node:crypto";
import { ROLE_ATTRIBUTE, VERIFIED_NAME_ATTRIBUTE } from "../contract/join";
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

    await expect(remoteTile(page, "Grace").getByTestId("guest-badge")).toHaveText("Guest");
    await expect(remoteTile(guest, "Ada Lovelace")).toBeVisible();
    await expect(remoteTile(guest, "Ada Lovelace").getByTestId("guest-badge")).toHaveCount(0);
    // A guest cannot pass the session on.
    await expect(guest.getByTestId("invite-link")).toHaveCount(0);

    const participants = await peopleIn(room);
    expect(Object.fromEntries(participants.map((participant) => [participant.name, participant.attributes]))).toEqual({
      "Ada Lovelace": { [ROLE_ATTRIBUTE]: "member", [VERIFIED_NAME_ATTRIBUTE]: "Ada Lovelace" },
      Grace: { [ROLE_ATTRIBUTE]: "guest" },
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
  expect((await refused.json()).error.data.reason).toBe("NOT_A_MEMBER");
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
