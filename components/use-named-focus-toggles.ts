"use client";
/**
 * ParticipantTile always renders LiveKit's FocusToggle, an icon-only button
 * with no accessible name, and offers no prop to name it. Until that is fixed
 * upstream, this names every such button inside the returned ref's element,
 * including tiles added later. React never sets these attributes, so it never
 * fights us over them.
 */
import { useCallback, useRef } from "react";

function nameToggles(root: Element) {
  for (const button of root.querySelectorAll<HTMLButtonElement>("button.lk-focus-toggle-button:not([aria-label])")) {
    const name = button.closest(".lk-participant-tile")?.querySelector(".lk-participant-name")?.textContent?.trim();
    button.setAttribute("aria-label", name ? `Focus on ${name}` : "Focus on this tile");
  }
}

export function useNamedFocusToggles<T extends Element>() {
  const observer = useRef<MutationObserver | null>(null);
  return useCallback((element: T | null) => {
    observer.current?.disconnect();
    observer.current = null;
    if (!element) return;
    nameToggles(element);
    observer.current = new MutationObserver(() => nameToggles(element));
    observer.current.observe(element, { childList: true, subtree: true });
  }, []);
}
