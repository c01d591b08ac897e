/**
 * What the operating system says a process costs, read from /proc: the
 * resident and proportional memory of a process tree (the app and any workers
 * it spawned), and the CPU time a process (or a tree) has used.
 */
import { readdirSync, readFileSync } from "node:fs";

/** The process's direct children, by pid. */
export function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** One memory field of /proc/PID/status (VmRSS: resident now; VmHWM: the most it has been), in KiB; 0 once it is gone. */
function statusKiB(pid: number | undefined, field: "VmRSS" | "VmHWM"): number {
  try {
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

const rssKiB = (pid: number) => statusKiB(pid, "VmRSS");

/** The most memory one process has held so far (its high-water mark), in MiB. */
export function peakRssMiB(pid: number | undefined): number {
  return statusKiB(pid, "VmHWM") / 1024;
}

/** The process and every process under it, by pid. */
export function processTree(pid: number): number[] {
  const all = [pid];
  for (let index = 0; index < all.length; index += 1) all.push(...childrenOf(all[index]!));
  return all;
}

export function treeRssMiB(pid: number): number {
  return processTree(pid).reduce((sum, each) => sum + rssKiB(each), 0) / 1024;
}

/** Proportional set size: each shared page counted once across the processes sharing it, so a tree's sum is what it costs. */
function pssKiB(pid: number): number {
  try {
    const match = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

export function treePssMiB(pid: number): number {
  return processTree(pid).reduce((sum, each) => sum + pssKiB(each), 0) / 1024;
}

/** CPU time the tree's processes have used so far (those that are still running), in seconds. */
export function treeCpuSeconds(pid: number): number {
  return processTree(pid).reduce((sum, each) => sum + cpuSeconds(each), 0);
}

/** CPU time (user + system) the process has used so far, in seconds; 0 when it cannot be read. */
export function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    // Fields after the command name (which may hold spaces) start at "state"; utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ").at(-1)!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

// USER_HZ: 100 on every Linux this runs on (it is fixed by the kernel ABI, whatever CONFIG_HZ is).
const CLOCK_TICKS_PER_SECOND = 100;

/** Whether /proc is there to read (Linux). */
export const canReadMemory = (() => {
  try {
    readdirSync("/proc/self");
    return true;
  } catch {
    return false;
  }
})();
