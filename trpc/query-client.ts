import { QueryClient } from "@tanstack/react-query";

/** One QueryClient per browser tab. Mutations are never retried blindly: a join has effects. */
export function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 30_000 },
      mutations: { retry: false },
    },
  });
}
