"use client";
/**
 * The code view: a file from the repository beside the tiles, as the room's
 * guide reads it through its read gate (code-view-client.ts), with line
 * numbers and syntax highlighting (highlight.ts), the cited line marked and
 * scrolled into view, the revision it was read at, the lines the gate blanked
 * marked as redacted, and a note when the file changed on disk after the
 * guide read it; or, without a
 * file, the file list to pick one from (file-browser.tsx). Loaded only
 * when first opened (session-stage.tsx), so the session's first load does
 * not carry it. Escape or Close puts it away.
 */
import { type ReactNode, useEffect, useMemo, useRef, useState } from "react";
import { type CodeTarget, readAround, readLines, showEveryone } from "./code-view-client";
import { FileBrowser } from "./file-browser";
import { highlightLines } from "./highlight";
import { useGuideRead } from "./use-guide-read";

/** Lines added at a time above or below what is shown. */
const MORE_LINES = 200;

type Props = {
  /** The file to show; null for the file list. */
  target: CodeTarget | null;
  onOpen: (target: CodeTarget) => void;
  onBrowse: () => void;
  onClose: () => void;
};

export default function CodeViewPanel({ target, onOpen, onBrowse, onClose }: Props) {
  return (
    // Escape anywhere in the panel puts it away, as in a dialog.
    <aside
      className="code-view"
      aria-label="Code view"
      data-testid="code-view"
      onKeyDown={(event) => {
        if (event.key === "Escape") onClose();
      }}
    >
      {target ? (
        <FileView key={`${target.path}:${target.line}:${target.endLine}`} target={target} onBrowse={onBrowse} onClose={onClose} />
      ) : (
        <>
          <PanelHeader title="Files" onClose={onClose} />
          <FileBrowser onPick={(path) => onOpen({ path, line: 1, marked: false })} />
        </>
      )}
    </aside>
  );
}

function PanelHeader({ title, children, onClose }: { title: string; children?: ReactNode; onClose: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <header className="code-view-header">
      <h2 ref={heading} tabIndex={-1}>
        <code>{title}</code>
      </h2>
      {children}
      <button type="button" className="lk-button" onClick={onClose}>
        Close
      </button>
    </header>
  );
}

function FileView({ target, onBrowse, onClose }: { target: CodeTarget; onBrowse: () => void; onClose: () => void }) {
  const {
    state: loaded,
    setState: setLoaded,
    room,
    guide,
  } = useGuideRead((room, guide) => readAround(room, guide, target), {
    key: `${target.path}:${target.line}:${target.endLine}`,
    noGuide: "There is no guide in this room to show the code.",
  });
  const [shown, setShown] = useState<{ ok: boolean; message: string } | undefined>();
  const cited = useRef<HTMLLIElement>(null);
  const marked = target.marked !== false;

  // Once, when the lines first arrive: lines added later above or below must not move the reader.
  const scrolled = useRef(false);
  useEffect(() => {
    if (loaded.status !== "ready" || scrolled.current) return;
    scrolled.current = true;
    cited.current?.scrollIntoView({ block: "center" });
  }, [loaded]);

  const file = loaded.status === "ready" ? loaded.value : undefined;
  const [extending, setExtending] = useState<string | undefined>();
  // Earlier or later lines of a long file, read at the revision already shown and joined to it.
  const extend = (direction: "earlier" | "later") => {
    if (!file || !guide) return;
    const end = file.startLine + file.lines.length - 1;
    const [from, to] =
      direction === "earlier"
        ? [Math.max(1, file.startLine - MORE_LINES), file.startLine - 1]
        : [end + 1, Math.min(file.totalLines, end + MORE_LINES)];
    setExtending(undefined);
    readLines(room, guide, file, from, to).then(
      (more) =>
        setLoaded({
          status: "ready",
          value: {
            ...file,
            startLine: Math.min(file.startLine, more.startLine),
            lines: direction === "earlier" ? [...more.lines, ...file.lines] : [...file.lines, ...more.lines],
            redactedLines: [...file.redactedLines, ...more.redactedLines],
          },
        }),
      (error: Error) => setExtending(error.message),
    );
  };
  const highlighted = useMemo(() => (file ? highlightLines(file.lines, file.language) : undefined), [file]);
  const redacted = new Set(file?.redactedLines);
  const lastMarked = target.endLine ?? target.line;
  return (
    <>
      <PanelHeader title={target.path} onClose={onClose}>
        {file ? (
          <span className="code-view-revision" data-testid="code-revision" title={file.revision}>
            at {file.revision.slice(0, 12)}
          </span>
        ) : null}
        <button type="button" className="lk-button" onClick={onBrowse}>
          Files
        </button>
        {file && guide ? (
          <button
            type="button"
            className="lk-button"
            onClick={() =>
              showEveryone(room, guide, target).then(
                () => setShown({ ok: true, message: "Everyone can follow this now." }),
                (error: Error) => setShown({ ok: false, message: error.message }),
              )
            }
          >
            Show everyone
          </button>
        ) : null}
      </PanelHeader>
      {shown ? (
        <p role={shown.ok ? "status" : "alert"} className="code-view-status" data-testid="show-outcome">
          {shown.message}
        </p>
      ) : null}
      {file?.changedSinceIndexed ? (
        <p role="status" className="code-view-status" data-testid="changed-since-indexed">
          This file changed on disk after the guide read the repository: its pointers into it may have moved.
        </p>
      ) : null}
      {loaded.status === "loading" ? (
        <p role="status" className="code-view-status">
          Asking the guide for {target.path}…
        </p>
      ) : null}
      {loaded.status === "failed" ? (
        <p role="alert" className="code-view-status">
          {loaded.message}
        </p>
      ) : null}
      {extending ? (
        <p role="alert" className="code-view-status">
          {extending}
        </p>
      ) : null}
      {file && file.startLine > 1 ? (
        <button type="button" className="lk-button code-more" onClick={() => extend("earlier")}>
          Show earlier lines (from {Math.max(1, file.startLine - MORE_LINES)})
        </button>
      ) : null}
      {file ? (
        <ol
          className="code-lines"
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take the keyboard's focus, or keyboard users cannot scroll it (WCAG 2.1.1; axe's scrollable-region-focusable).
          tabIndex={0}
          aria-label={`${file.path}, lines ${file.startLine} to ${file.startLine + file.lines.length - 1} of ${file.totalLines}`}
        >
          {file.lines.map((text, index) => {
            const line = file.startLine + index;
            const isCited = marked && line >= target.line && line <= lastMarked;
            return (
              <li
                key={line}
                ref={marked && line === target.line ? cited : undefined}
                className={isCited ? "code-line cited" : "code-line"}
                data-line={line}
                aria-current={isCited ? "location" : undefined}
              >
                <span className="line-number" aria-hidden>
                  {line}
                </span>
                {redacted.has(line) ? (
                  <span className="redacted" data-testid="redacted-line">
                    redacted: this line holds a secret
                  </span>
                ) : (
                  <code>
                    {highlighted?.[index]
                      ? highlighted[index].map((segment, at) =>
                          segment.className ? (
                            <span key={at} className={segment.className}>
                              {segment.text}
                            </span>
                          ) : (
                            segment.text
                          ),
                        )
                      : text}
                  </code>
                )}
              </li>
            );
          })}
        </ol>
      ) : null}
      {file && file.startLine + file.lines.length - 1 < file.totalLines ? (
        <button type="button" className="lk-button code-more" onClick={() => extend("later")}>
          Show later lines (of {file.totalLines})
        </button>
      ) : null}
    </>
  );
}
