/**
 * `npm run -s service-token -- <name>`
 *
 * Makes a service credential for the typed Node client and `npm run join`:
 * prints the token (give it to the service as ONBOARDING_SERVICE_TOKEN) and
 * the entry to add to the app's ONBOARDING_SERVICE_TOKENS, which holds only
 * its SHA-256. The token is shown once and stored nowhere.
 */
import { newServiceCredential } from "./lib/service-credential";

const name = process.argv[2] ?? "";
if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(name)) {
  process.stderr.write("usage: npm run -s service-token -- <name>   (1–64 letters, digits, '.', '-' or '_')\n");
  process.exit(2);
}
const { token, entry } = newServiceCredential(name);
process.stdout.write(`ONBOARDING_SERVICE_TOKEN=${token}\n# add to the app's ONBOARDING_SERVICE_TOKENS (comma-separated):\n${entry}\n`);
