/**
 * `npm run page-weight`: the first-load JS of each route of the production
 * build (run `next build` first), as a Markdown table.
 */
import { measurePageWeights } from "./lib/page-weight";

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const weights = await measurePageWeights(["/", "/rooms/onb-example"]);
console.log("| Route | Scripts | First-load JS (raw) | First-load JS (gzip) | Includes livekit-client |");
console.log("| --- | --- | --- | --- | --- |");
for (const route of weights.routes) {
  console.log(
    `| \`${route.route}\` | ${route.scripts} | ${kb(route.rawBytes)} | ${kb(route.gzipBytes)} | ${route.includesLivekitClient ? "yes" : "no"} |`,
  );
}
if (weights.livekitClientChunk) {
  console.log(
    `\nOn demand (device check and session): the livekit-client chunk, ${kb(weights.livekitClientChunk.rawBytes)} raw / ${kb(weights.livekitClientChunk.gzipBytes)} gzip.`,
  );
}
