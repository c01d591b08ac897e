/** The answer for an /api path no endpoint serves, in the one error shape (contract/errors.ts). */
import "server-only";
import { errorResponse } from "../errors";
import { AppFailure } from "../failures";

export function handleUnknownApiRequest(): Response {
  return errorResponse(new AppFailure("NO_SUCH_ENDPOINT", "There is no such API endpoint."));
}
