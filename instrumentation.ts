/** Next.js boot hook: validate configuration before serving anything. */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { assertConfigAtStartup } = await import("./server/startup-check");
    assertConfigAtStartup();
  }
}
