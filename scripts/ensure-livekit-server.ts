/**
 * Prints the path of a runnable livekit-server, building it on first use.
 * Used by the set-up scripts; everything but the path goes to stderr.
 */
import { LiveKitBinaryError, resolveLiveKitServerBinary } from "./lib/livekit-binary";

try {
  process.stdout.write(`${await resolveLiveKitServerBinary()}\n`);
} catch (error) {
  console.error(error instanceof LiveKitBinaryError ? error.message : error);
  process.exit(1);
}
