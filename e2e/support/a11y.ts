/** Accessibility checks with axe-core (WCAG 2 A and AA rules) on the current page. */
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";

/** The violations, as "rule: target" lines, so a failure names what to fix. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  return results.violations.flatMap((violation) =>
    violation.nodes.map((node) => `${violation.id} (${violation.impact}): ${node.target.join(" ")}`),
  );
}
