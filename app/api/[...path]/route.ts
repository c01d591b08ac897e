/** Any other /api path: a JSON 404 for API clients, rather than the HTML not-found page. */
import { handleUnknownApiRequest } from "@/server/http/unknown-endpoint";

export const dynamic = "force-dynamic";

export {
  handleUnknownApiRequest as DELETE,
  handleUnknownApiRequest as GET,
  handleUnknownApiRequest as PATCH,
  handleUnknownApiRequest as POST,
  handleUnknownApiRequest as PUT,
};
