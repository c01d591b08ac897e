/**
 * The knowledge layer's one interface: open a repository root, then ask it
 * (an answer, a file's lines, the file list, pointer checks, the hearing model, the
 * map, the tours), and
 * read the overview from its "ready" state. The guide imports the layer from
 * here and from nowhere else; the layer has no LiveKit code, and everything
 * it gives out of a repository passed its read gate (read-gate.ts).
 */
export { type Answer, type AnswerKind, MAX_QUESTION_CHARS, type Pointer } from "./answer";
export type { KnowledgeSettings, KnowledgeStats } from "./build";
export { prewarmKnowledge, RepositoryKnowledge } from "./knowledge-client";
export type { HearingModel } from "./hearing-model";
export type { Overview } from "./overview";
export type { FileLines, FileRequest, GreetingExamples, KnowledgeState, PointerCheck } from "./protocol";
export type { Refusal, RefusalCode } from "./read-gate";
// For the knowledge service (agent/knowledge-service/), which holds indexes for every room of a worker.
export { type Claim, HeldIndexes } from "./held-indexes";
export type { FromKnowledge, Method } from "./protocol";
export { MAX_LINE_BYTES, type ServiceTarget } from "./service-link";
export { entryModule } from "./threads";
export type { MapEdge, MapModule, RepositoryMap } from "./repository-map";
export { GUIDE_TOUR_ID, type Tour, type TourStep, type TourView } from "./tours";
