"use client";
/**
 * The session's chat: LiveKit's Chat, with each message rendered by an entry
 * of our own that keeps ChatEntry's layout and classes and adds what a
 * session needs. Every sender's name carries their role (role-badge.tsx), so
 * no one passes for a member or the guide by name alone. The guide's messages
 * are styled apart, and `code` spans in any message (the paths in the guide's
 * answers) are shown as code, with LiveKit's own link formatting everywhere else.
 */
import { Chat, type ChatMessage, formatChatMessageLinks, type ReceivedChatMessage } from "@livekit/components-react";
import type { CSSProperties, ReactNode } from "react";
import { type CodeView, parsePointer, useCodeView } from "./code-view-context";
import { RoleBadge } from "./role-badge";

/**
 * `code` spans as <code>; the rest as text, or through LiveKit's link
 * formatter for people's messages. With a code view, the guide's pointers
 * (`path:line`) open it.
 */
function format(message: string, links: boolean, codeView: CodeView | null): ReactNode {
  return message.split(/(`[^`\n]{1,300}`)/g).map((part, index) => {
    if (!(part.startsWith("`") && part.endsWith("`") && part.length > 2)) {
      return <span key={index}>{links ? formatChatMessageLinks(part) : part}</span>;
    }
    const text = part.slice(1, -1);
    const pointer = codeView ? parsePointer(text) : undefined;
    if (!pointer || !codeView) return <code key={index}>{text}</code>;
    return (
      <button key={index} type="button" className="pointer" title={`Open ${text} in the code view`} onClick={() => codeView.open(pointer)}>
        <code>{text}</code>
      </button>
    );
  });
}

/** What Chat hands each entry of ours. */
type EntryProps = { entry?: ReceivedChatMessage | ChatMessage };

/** One message, laid out as LiveKit's ChatEntry lays it out, with the sender's role beside their name. */
function SessionChatEntry({ entry }: EntryProps) {
  if (!entry) return null;
  const from = "from" in entry ? entry.from : undefined;
  const fromGuide = Boolean(from?.isAgent);
  const codeView = useCodeView();
  const sent = new Date(entry.timestamp);
  return (
    <li
      className={fromGuide ? "lk-chat-entry guide-message" : "lk-chat-entry"}
      title={sent.toLocaleTimeString(undefined, { timeStyle: "full" })}
      data-lk-message-origin={from?.isLocal ? "local" : "remote"}
      data-from-guide={fromGuide ? "true" : undefined}
    >
      <span className="lk-meta-data">
        <strong className="lk-participant-name">{from?.name || from?.identity}</strong>
        {from ? <RoleBadge participant={from} /> : null}
        <span className="lk-timestamp">{sent.toLocaleTimeString(undefined, { timeStyle: "short" })}</span>
      </span>
      {/* People's links stay links; the guide sends file paths, never links ("answer.ts" is not a web address). */}
      <span className="lk-message-body">{format(entry.message, !fromGuide, fromGuide ? codeView : null)}</span>
    </li>
  );
}

export function SessionChat({ style }: { style?: CSSProperties }) {
  return (
    <Chat style={style}>
      <SessionChatEntry />
    </Chat>
  );
}
