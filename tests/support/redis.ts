/**
 * A Redis database of a test's own on the machine's Redis (127.0.0.1:6379),
 * emptied before use, so runs never see each other's keys.
 */
import { Redis } from "ioredis";

export async function freshRedisDb(db: number): Promise<{ url: string; address: string; db: number; close: () => Promise<void> }> {
  const client = new Redis({ host: "127.0.0.1", port: 6379, db, lazyConnect: true, maxRetriesPerRequest: 1 });
  await client.connect();
  await client.flushdb();
  return { url: `redis://127.0.0.1:6379/${db}`, address: "127.0.0.1:6379", db, close: async () => void (await client.quit()) };
}
