/**
 * Contexts on the page: the person picks what they are onboarding onto, the
 * room gets that context (and its agent's dispatch), and the session shows it,
 * including that the agent is expected and has not joined yet.
 */
import { AgentDispatchClient } from "livekit-server-sdk";
import { parseRoomMetadata } from "@/contract/room-metadata";
import { E2E_AGENT, E2E_REPO_ROOT } from "./support/global-setup";
import { expect, expectConnected, liveKitRooms, roomOf, test } from "./support/fixtures";

const dispatches = () =>
  new AgentDispatchClient(process.env.E2E_LIVEKIT_URL!, process.env.E2E_LIVEKIT_API_KEY, process.env.E2E_LIVEKIT_API_SECRET);

test("the default context needs no choice, and the panel shows its repo root", async ({ page, appUrl }) => {
  await page.goto(appUrl);
  const picker = page.getByLabel("What are you onboarding onto?");
  await expect(picker).toHaveValue("onboarding");
  await page.getByLabel("Your name").fill("Ada");
  await page.getByRole("button", { name: "Start session" }).click();
  await expectConnected(page);
  await expect(page.getByTestId("context-repo-root")).toHaveText(E2E_REPO_ROOT);
  await expect(page.getByTestId("agent-status")).toHaveCount(0);
});

test("a chosen context with an agent: the room gets it, one dispatch, and the page says the agent is expected", async ({
  page,
  appUrl,
}) => {
  await page.goto(appUrl);
  await page.getByLabel("What are you onboarding onto?").selectOption({ label: "Platform team (with a guide)" });
  await page.getByLabel("Your name").fill("Ada");
  await page.getByRole("button", { name: "Start session" }).click();
  await expectConnected(page);

  const panel = page.getByRole("complementary", { name: "Onboarding context" });
  await expect(panel.getByRole("heading", { name: "Platform team" })).toBeVisible();
  await expect(page.getByTestId("context-repo-root")).toHaveText("/srv/repos/platform");
  await expect(page.getByTestId("agent-status")).toHaveAttribute("data-state", "expected");
  await expect(page.getByTestId("agent-status")).toHaveText(`Waiting for the guide (${E2E_AGENT}) to join…`);

  const roomName = await roomOf(page);
  const [room] = await liveKitRooms().listRooms([roomName]);
  expect(parseRoomMetadata(room?.metadata)?.context).toMatchObject({ id: "platform", agentName: E2E_AGENT });
  expect((await dispatches().listDispatch(roomName)).filter((dispatch) => dispatch.agentName === E2E_AGENT)).toHaveLength(1);
});

// In open mode everyone may start sessions, so everyone sees where the repository is. With sign-in, a guest sees
// the context's title and not the path (e2e/access.spec.ts).
test("a room's link offers no choice: the room's own context applies", async ({ page, appUrl }) => {
  await page.goto(appUrl);
  await page.getByLabel("What are you onboarding onto?").selectOption("platform");
  await page.getByLabel("Your name").fill("Mentor");
  await page.getByRole("button", { name: "Start session" }).click();
  await expectConnected(page);
  const roomName = await roomOf(page);

  const guest = await page.context().newPage();
  await guest.goto(`${appUrl}/rooms/${roomName}`);
  await expect(guest.getByLabel("What are you onboarding onto?")).toHaveCount(0);
  await guest.getByLabel("Your name").fill("New hire");
  await guest.getByRole("button", { name: "Join session" }).click();
  await expectConnected(guest);
  await expect(guest.getByTestId("context-repo-root")).toHaveText("/srv/repos/platform");
  expect(await liveKitRooms().listParticipants(roomName)).toHaveLength(2);
});

test("a context chosen before the page's code has run is the one the session gets", async ({ page, appUrl }) => {
  // The page's scripts are held back, as on a slow connection, while the person picks a context.
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route("**/_next/static/chunks/**", async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(appUrl, { waitUntil: "commit" });
  await page.getByLabel("What are you onboarding onto?").selectOption("platform");
  release();
  await page.getByLabel("Your name").fill("Ada");
  // Start is enabled once the page's code has taken over.
  await page.getByRole("button", { name: "Start session" }).click();
  await expectConnected(page);
  await expect(page.getByTestId("context-repo-root")).toHaveText("/srv/repos/platform");
});
