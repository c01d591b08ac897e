import { readFileSync, writeFileSync } from "node:fs";
import { lexiconFor } from "/tmp/ps/pronunciations";
const words = readFileSync("/tmp/ps/v2.words", "utf8").split("\n").filter(Boolean);
const l = lexiconFor(words, "/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict", "espeak-ng");
writeFileSync("/tmp/ps/v2.dict", l.lines.join("\n") + "\n");
console.log("made", l.made.length, "missing", l.missing);
