/**
 * The guide's greeting for one person, in the chat: what the repository is,
 * its main folders and what each is for, how to run and test it, and a few
 * questions to try. At most MAX_GREETING_CHARS; the parts that do not fit are
 * left out, least useful first. And the short line it says aloud.
 */
import type { GreetingExamples, Overview } from "../knowledge";

export const MAX_GREETING_CHARS = 1200;
/** Folders named in the greeting, largest first. */
const MAX_FOLDERS = 5;

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, text.lastIndexOf(" ", max - 1))}…`;
}

export function greetingText(name: string, overview: Overview, examples: GreetingExamples): string {
  const intro = `Hi ${name}! I'm your guide to ${overview.title}.`;
  const about = overview.summary ? ` ${clip(overview.summary, 320)}` : "";
  const languages = overview.languages.length
    ? `Written in ${overview.languages
        .slice(0, 3)
        .map((share) => `${share.language} (${share.percent}%)`)
        .join(", ")}.`
    : "";
  const folders = overview.folders.slice(0, MAX_FOLDERS).map((folder) => `• \`${folder.name}/\`: ${clip(folder.purpose ?? "", 90)}`);
  const commands = [
    overview.run ? `run it with \`${overview.run.command}\`` : "",
    overview.test ? `test it with \`${overview.test.command}\`` : "",
  ].filter(Boolean);
  const how = commands.length ? `To start: ${commands.join(", and ")}.` : "";
  const questions = [
    examples.symbol ? `"where is ${examples.symbol}?"` : `"where is the entry point?"`,
    examples.file ? `"what does \`${examples.file}\` do?"` : "",
    `"how do I run the tests?"`,
  ].filter(Boolean);
  const ask = `Ask me things like ${questions.join(", ")}.`;

  const compose = (folderCount: number, withAbout: boolean, withLanguages: boolean) =>
    [
      `${intro}${withAbout ? about : ""}`,
      withLanguages ? languages : "",
      folderCount > 0 ? `Main folders:\n${folders.slice(0, folderCount).join("\n")}` : "",
      how,
      ask,
    ]
      .filter(Boolean)
      .join("\n");

  for (const [count, withAbout, withLanguages] of [
    [folders.length, true, true],
    [Math.min(3, folders.length), true, true],
    [Math.min(3, folders.length), true, false],
    [Math.min(3, folders.length), false, false],
    [0, false, false],
  ] as const) {
    const text = compose(count, withAbout, withLanguages);
    if (text.length <= MAX_GREETING_CHARS) return text;
  }
  return clip(compose(0, false, false), MAX_GREETING_CHARS);
}

export function spokenGreeting(name: string, overview: Overview): string {
  return `Hi ${name}, welcome! I'm your guide to ${overview.title}. I've put an overview in the chat. Ask me where anything is.`;
}

export function stillReadingText(name: string): string {
  return `Hi ${name}! I'm still reading the repository, so I can't answer yet. I'll say hello properly as soon as I'm done.`;
}

export function cannotReadText(name: string, reason: string): string {
  return `Hi ${name}! I'm the onboarding guide, but I can't read the repository for this room: ${reason}. I'll stay in the room, but I can't answer questions about it.`;
}
