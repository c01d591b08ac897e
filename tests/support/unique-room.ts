/** A room name no other test (or earlier run against the same server) uses: a label and 12 random hex digits. */
import { randomBytes } from "node:crypto";

export const uniqueRoom = (label: string) => `${label}-${randomBytes(6).toString("hex")}`;
