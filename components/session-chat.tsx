"use client";
/**
 * The session's chat: LiveKit's Chat, with each message rendered by
 * ChatEntry, plus two things a guide needs. The guide's messages are marked
 * as the guide's (styled apart, and announced as such), and `code` spans in
 * any message (the paths in the guide's answers) are shown as code, with
 * LiveKit's own link formatting everywhere else.
 */
import { Chat, ChatEntry, type ChatMessage, formatChatMessageLinks, type ReceivedChatMessage } from "@livekit/components-react";
import type { CSSProperties, ReactNode } from "react";

/** `code` spans as <code>; the rest as text, or through LiveKit's link formatter for people's messages. */
function formatter(links: boolean) {
  return (message: string): ReactNode =>
    message
      .split(/(`[^`\n]{1,300}`)/g)
      .map((part, index) =>
        part.startsWith("`") && part.endsWith("`") && part.length > 2 ? (
          <code key={index}>{part.slice(1, -1)}</code>
        ) : (
          <span key={index}>{links ? formatChatMessageLinks(part) : part}</span>
        ),
      );
}

/** For people's messages: their links stay links. */
const formatChatMessage = formatter(true);
/** For the guide's: it sends file paths, never links, and "answer.ts" is not a web address. */
const formatGuideMessage = formatter(false);

type EntryProps = { entry?: ReceivedChatMessage | ChatMessage; messageFormatter?: (message: string) => ReactNode };

/** One message; Chat hands each of its entries to this as `entry`. */
function GuideAwareEntry({ entry, messageFormatter }: EntryProps) {
  if (!entry) return null;
  const from = "from" in entry ? entry.from : undefined;
  const fromGuide = Boolean(from?.isAgent);
  return (
    <ChatEntry
      entry={entry as ReceivedChatMessage}
      messageFormatter={fromGuide ? formatGuideMessage : messageFormatter}
      className={fromGuide ? "lk-chat-entry guide-message" : "lk-chat-entry"}
      data-from-guide={fromGuide ? "true" : undefined}
      aria-label={fromGuide ? `From the guide, ${from?.name ?? ""}` : undefined}
    />
  );
}

export function SessionChat({ style }: { style?: CSSProperties }) {
  return (
    <Chat style={style} messageFormatter={formatChatMessage}>
      <GuideAwareEntry />
    </Chat>
  );
}
