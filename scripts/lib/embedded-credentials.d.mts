// Types for embedded-credentials.mjs (plain JavaScript: `npm run agent` reads it without a TypeScript loader).
export function credentialsFile(): string;
export function writeCredentials(server: { url: string; apiKey: string; apiSecret: string }): void;
export function readCredentials(): { LIVEKIT_URL: string; LIVEKIT_API_KEY: string; LIVEKIT_API_SECRET: string } | undefined;
export function forgetCredentials(): void;
