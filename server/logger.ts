/**
 * The structured logger (pino). One JSON line per event; tokens and secrets are
 * redacted by path as a second line of defence behind never logging them.
 */
import "server-only";
import pino from "pino";
import { logLevelFromEnv } from "./env";

export const logger = pino({
  level: logLevelFromEnv(),
  base: { service: "onboarding-rooms" },
  redact: {
    paths: ["token", "participantToken", "*.participantToken", "apiSecret", "*.apiSecret", "secret"],
    censor: "[redacted]",
  },
});

export type Logger = typeof logger;
