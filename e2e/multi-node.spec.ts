/**
 * Beyond one machine, in browsers: two livekit-server nodes sharing Redis, two
 * app instances each pointed at a different node (each hands out its own
 * node's URL: tests/multi-node.test.ts). A person who joins through one
 * instance and a person who follows the invite on the other end up in the same
 * room and receive each other's video.
 */
import { liveKitEnv, startApp, type AppProcess } from "../scripts/lib/app-process";
import { startLiveKitCluster, type LiveKitCluster } from "../scripts/lib/livekit-cluster";
import { freshRedisDb } from "../tests/support/redis";
import { expectRemoteVideoPlaying, joinThroughPage, roomOf, test } from "./support/fixtures";

test("browsers connected through different LiveKit nodes see each other", async ({ browser }) => {
  test.setTimeout(120_000);
  const redis = await freshRedisDb(12);
  let cluster: LiveKitCluster | undefined;
  const apps: AppProcess[] = [];
  try {
    cluster = await startLiveKitCluster(redis);
    for (const node of cluster.nodes) apps.push(await startApp(liveKitEnv(node)));
    const ada = await (await browser.newContext()).newPage();
    const grace = await (await browser.newContext()).newPage();

    await joinThroughPage(ada, apps[0]!.url, "Ada");
    const roomName = await roomOf(ada);
    await joinThroughPage(grace, `${apps[1]!.url}/rooms/${roomName}`, "Grace");

    await expectRemoteVideoPlaying(ada, "Grace");
    await expectRemoteVideoPlaying(grace, "Ada");
    await ada.context().close();
    await grace.context().close();
  } finally {
    await Promise.all(apps.map((app) => app.stop()));
    await cluster?.stop();
    await redis.close();
  }
});
