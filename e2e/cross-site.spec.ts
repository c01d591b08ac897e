/**
 * A page on another site cannot start a session in a visitor's name: in a
 * real Chromium, a form on an attacker's page posts to livekit.join (as
 * text/plain, urlencoded and multipart: the types that need no CORS
 * preflight), and so does a no-cors fetch. The app answers each with a
 * refusal, and no room is created.
 */
import { randomBytes } from "node:crypto";
import { expect, liveKitRooms, test } from "./support/fixtures";

const ENCTYPES = ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"];

test("an attacker's page cannot create a room by form or no-cors fetch", async ({ context, page, appUrl }) => {
  // The app itself is at 127.0.0.1; the attacker's page is another site.
  const attacker = `http://attacker.localhost:${new URL(appUrl).port}/`;
  // The attacker's page is served by Playwright, so Chromium counts it as public; let it reach loopback,
  // so that it is the app (not the browser) that has to refuse.
  await context.grantPermissions(["local-network-access"]);
  const rooms: string[] = [];
  const forms = ENCTYPES.map((enctype) => {
    const room = `csrf-${randomBytes(6).toString("hex")}`;
    rooms.push(room);
    // A text/plain form sends "name=value": shaped so that the body is the JSON of a valid join
    // ({"roomName":"…","participantName":"Mallory="}).
    return `<form method="post" action="${appUrl}/api/trpc/livekit.join" enctype="${enctype}">
      <input name='{"roomName":"${room}","participantName":"Mallory' value='"}'>
    </form>`;
  });
  const fetchRoom = `csrf-${randomBytes(6).toString("hex")}`;
  rooms.push(fetchRoom);
  await context.route(attacker, (route) =>
    route.fulfill({ contentType: "text/html", body: `<!doctype html><title>win a prize</title>${forms.join("")}` }),
  );
  const isJoin = (response: { url(): string }) => response.url().includes("/api/trpc/livekit.join");

  const statuses: number[] = [];
  for (let index = 0; index < ENCTYPES.length; index += 1) {
    const tab = await context.newPage();
    await tab.goto(attacker);
    const [response] = await Promise.all([
      tab.waitForResponse(isJoin),
      tab
        .locator("form")
        .nth(index)
        .evaluate((form: HTMLFormElement) => form.submit()),
    ]);
    statuses.push(response.status());
    await tab.close();
  }
  await page.goto(attacker);
  const [fetched] = await Promise.all([
    page.waitForResponse(isJoin),
    page.evaluate(
      ({ url, body }) =>
        fetch(url, { method: "POST", mode: "no-cors", headers: { "content-type": "text/plain" }, body }).catch(() => undefined),
      { url: `${appUrl}/api/trpc/livekit.join`, body: JSON.stringify({ participantName: "Mallory", roomName: fetchRoom }) },
    ),
  ]);
  statuses.push(fetched.status());

  for (const status of statuses) expect([403, 415]).toContain(status);
  expect(await liveKitRooms().listRooms(rooms)).toEqual([]);
});
