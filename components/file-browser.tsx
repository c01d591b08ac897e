"use client";
/**
 * The repository's readable files, as the room's guide lists them
 * (onboarding.listFiles, page by page), folder by folder, or all those
 * matching a filter: picking one opens it in the code view. Part of the code
 * view's lazily loaded chunk.
 */
import { useId, useState } from "react";
import { listAllFiles } from "./code-view-client";
import { useGuideRead } from "./use-guide-read";

/** More than anyone scrolls through; the filter finds the rest. */
const SHOWN = 200;

export function FileBrowser({ onPick }: { onPick: (path: string) => void }) {
  const { state: listed } = useGuideRead(listAllFiles, { noGuide: "There is no guide in this room to list the files." });
  const [filter, setFilter] = useState("");
  const [folder, setFolder] = useState("");
  const filterId = useId();

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
  const input = (
    <>
      <label htmlFor={filterId}>Filter files</label>
      <input id={filterId} type="search" value={filter} onChange={(event) => setFilter(event.target.value)} autoComplete="off" />
    </>
  );
  if (words.length === 0) {
    const { folders, files } = folderContents(listed.value, folder);
    const parts = folder ? folder.split("/") : [];
    return (
      <div className="file-browser">
        {input}
        <nav aria-label="Folder">
          <ol className="folder-path">
            <li>
              <button
                type="button"
                className="file-link"
                onClick={() => setFolder("")}
                aria-current={folder === "" ? "location" : undefined}
              >
                (top)
              </button>
            </li>
            {parts.map((part, index) => {
              const path = parts.slice(0, index + 1).join("/");
              return (
                <li key={path}>
                  <button
                    type="button"
                    className="file-link"
                    onClick={() => setFolder(path)}
                    aria-current={path === folder ? "location" : undefined}
                  >
                    {part}/
                  </button>
                </li>
              );
            })}
          </ol>
        </nav>
        <p className="code-view-status" role="status">
          {folders.length} folders and {files.length} files {folder ? `in ${folder}/` : "at the top"}
        </p>
        <ul className="file-list">
          {folders.map(([name, count]) => (
            <li key={`${name}/`}>
              <button type="button" className="file-link folder-link" onClick={() => setFolder(folder ? `${folder}/${name}` : name)}>
                {name}/ <span className="file-count">({count})</span>
              </button>
            </li>
          ))}
          {files.map((file) => (
            <li key={file}>
              <button type="button" className="file-link" onClick={() => onPick(folder ? `${folder}/${file}` : file)}>
                {file}
              </button>
            </li>
          ))}
        </ul>
      </div>
    );
  }
  const matching = listed.value.filter((file) => words.every((word) => file.toLowerCase().includes(word)));
  return (
    <div className="file-browser">
      {input}
      <p className="code-view-status" role="status">
        {matching.length > SHOWN ? `The first ${SHOWN} of ${matching.length} files` : `${matching.length} of ${listed.value.length} files`}
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

/** A folder's subfolders (with how many files each holds, however deep) and its own files, by name. */
function folderContents(files: string[], folder: string): { folders: Array<[string, number]>; files: string[] } {
  const prefix = folder ? `${folder}/` : "";
  const folders = new Map<string, number>();
  const own: string[] = [];
  for (const file of files) {
    if (!file.startsWith(prefix)) continue;
    const rest = file.slice(prefix.length);
    const slash = rest.indexOf("/");
    if (slash === -1) own.push(rest);
    else folders.set(rest.slice(0, slash), (folders.get(rest.slice(0, slash)) ?? 0) + 1);
  }
  return { folders: [...folders.entries()].sort((a, b) => a[0].localeCompare(b[0])), files: own.sort() };
}
