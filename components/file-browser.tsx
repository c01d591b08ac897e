"use client";
/**
 * The repository's readable files, as the room's guide lists them
 * (onboarding.listFiles, page by page), with a filter: picking one opens it
 * in the code view. Part of the code view's lazily loaded chunk.
 */
import { useRoomContext, useVoiceAssistant } from "@livekit/components-react";
import { useEffect, useId, useState } from "react";
import { listAllFiles } from "./code-view-client";

/** More than anyone scrolls through; the filter finds the rest. */
const SHOWN = 200;

type Listed = { status: "loading" } | { status: "ready"; files: string[] } | { status: "failed"; message: string };

export function FileBrowser({ onPick }: { onPick: (path: string) => void }) {
  const room = useRoomContext();
  const guide = useVoiceAssistant().agent?.identity;
  const [listed, setListed] = useState<Listed>({ status: "loading" });
  const [filter, setFilter] = useState("");
  const filterId = useId();

  useEffect(() => {
    if (!guide) {
      setListed({ status: "failed", message: "There is no guide in this room to list the files." });
      return;
    }
    let current = true;
    listAllFiles(room, guide).then(
      (files) => current && setListed({ status: "ready", files }),
      (error: Error) => current && setListed({ status: "failed", message: error.message }),
    );
    return () => {
      current = false;
    };
  }, [room, guide]);

  if (listed.status === "loading")
    return (
      <p className="code-view-status" role="status">
        Asking the guide for the files…
      </p>
    );
  if (listed.status === "failed")
    return (
      <p className="code-view-status" role="alert">
        {listed.message}
      </p>
    );
  const words = filter.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const matching = listed.files.filter((file) => words.every((word) => file.toLowerCase().includes(word)));
  return (
    <div className="file-browser">
      <label htmlFor={filterId}>Filter files</label>
      <input id={filterId} type="search" value={filter} onChange={(event) => setFilter(event.target.value)} autoComplete="off" />
      <p className="code-view-status" role="status">
        {matching.length > SHOWN ? `The first ${SHOWN} of ${matching.length} files` : `${matching.length} of ${listed.files.length} files`}
      </p>
      <ul className="file-list">
        {matching.slice(0, SHOWN).map((file) => (
          <li key={file}>
            <button type="button" className="file-link" onClick={() => onPick(file)}>
              {file}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
