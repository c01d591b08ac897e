/**
 * THE PEER, for benchmarks only: a minimal Next app with one meet-style token
 * route (LiveKit's meet example mints a token per visitor and never creates
 * the room). It shows what Next's own request pipeline costs when the work is
 * just a token, so the app's join can be compared with a standard Next route
 * rather than with a bare node:http server. Never served by the app.
 */
import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  serverExternalPackages: ["livekit-server-sdk"],
};

export default nextConfig;
