import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // One self-contained server (.next/standalone/server.js) for production: see scripts/build.ts.
  output: "standalone",
  reactStrictMode: true,
  poweredByHeader: false,
  // Server-side libraries stay as Node modules rather than being bundled; prom-client so that every
  // bundle (instrumentation, routes) shares its one registry (server/metrics.ts).
  serverExternalPackages: ["livekit-server-sdk", "pino", "ioredis", "rate-limiter-flexible", "prom-client"],
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          // Invite links carry the room name, which is the key to the room: never send it on.
          { key: "Referrer-Policy", value: "no-referrer" },
          // For old browsers; frame-ancestors 'none' in the CSP (proxy.ts) is the modern form.
          { key: "X-Frame-Options", value: "DENY" },
          // No other page that opens ours (or that ours opens) gets a handle on its window.
          { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
          {
            key: "Permissions-Policy",
            value: "camera=(self), microphone=(self), display-capture=(self), speaker-selection=(self), geolocation=(), payment=(), usb=()",
          },
        ],
      },
    ];
  },
};

export default nextConfig;
