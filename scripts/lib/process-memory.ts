/**
 * Resident memory of a process tree (the app and any workers it spawned), read
 * from /proc: what the operating system actually holds for the app.
 */
import { readdirSync, readFileSync } from "node:fs";

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function rssKiB(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

export function treeRssMiB(pid: number): number {
  const all = [pid];
  for (let index = 0; index < all.length; index += 1) all.push(...childrenOf(all[index]!));
  return all.reduce((sum, each) => sum + rssKiB(each), 0) / 1024;
}

/** Whether /proc is there to read (Linux). */
export const canReadMemory = (() => {
  try {
    readdirSync("/proc/self");
    return true;
  } catch {
    return false;
  }
})();
