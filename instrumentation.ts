/** Next.js boot hook: see server/boot.ts. */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { bootServer } = await import("./server/boot");
    bootServer();
  }
}
