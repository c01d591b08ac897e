"use client";
/**
 * The map of the repository: its modules as boxes and their imports as
 * arrows, from the data the room's guide computes (onboarding.map), laid out
 * here with dagre and drawn as SVG by React. Names are repository text, so
 * they are only ever text nodes, never markup. Any box opens its module's
 * file in the code view. Its own lazily loaded chunk, with dagre in it: the
 * session's first load carries neither.
 */
import dagre from "@dagrejs/dagre";
import { useEffect, useMemo, useRef } from "react";
import type { RepositoryMap } from "@/contract/repository-map";
import { type CodeTarget, readMap } from "./code-view-client";
import { useGuideRead } from "./use-guide-read";

const BOX_HEIGHT = 46;
const CHAR_WIDTH = 7.4;

const labelOf = (folder: string) => (folder === "" ? "(top level)" : `${folder}/`);

type Laid = {
  width: number;
  height: number;
  boxes: Array<{ index: number; x: number; y: number; width: number }>;
  arrows: Array<{ key: string; points: Array<{ x: number; y: number }>; imports: number; from: number; to: number }>;
};

/** Left to right, importers before what they import: dagre's layered layout. */
function layOut(map: RepositoryMap): Laid {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: "LR", nodesep: 18, ranksep: 60, marginx: 12, marginy: 12 });
  graph.setDefaultEdgeLabel(() => ({}));
  map.modules.forEach((module, index) => {
    const width = Math.min(280, Math.max(110, labelOf(module.folder).length * CHAR_WIDTH + 28));
    graph.setNode(String(index), { width, height: BOX_HEIGHT });
  });
  for (const edge of map.edges) graph.setEdge(String(edge.from), String(edge.to), { imports: edge.imports });
  dagre.layout(graph);
  const { width = 0, height = 0 } = graph.graph();
  return {
    width,
    height,
    boxes: map.modules.map((_, index) => {
      const node = graph.node(String(index));
      return { index, x: node.x - node.width / 2, y: node.y - node.height / 2, width: node.width };
    }),
    arrows: map.edges.map((edge) => ({
      key: `${edge.from}>${edge.to}`,
      points: graph.edge(String(edge.from), String(edge.to))?.points ?? [],
      imports: edge.imports,
      from: edge.from,
      to: edge.to,
    })),
  };
}

export default function RepositoryMapPanel({ onOpen, onClose }: { onOpen: (target: CodeTarget) => void; onClose: () => void }) {
  const { state: loaded, retry } = useGuideRead(readMap, { noGuide: "There is no guide in this room to draw the map." });
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => heading.current?.focus(), []);

  const map = loaded.status === "ready" ? loaded.value : undefined;
  const laid = useMemo(() => (map ? layOut(map) : undefined), [map]);

  return (
    <aside
      className="code-view"
      aria-label="Map of the repository"
      data-testid="repository-map"
      onKeyDown={(event) => {
        if (event.key === "Escape") onClose();
      }}
    >
      <header className="code-view-header">
        <h2 ref={heading} tabIndex={-1}>
          Map of the repository
        </h2>
        {map ? (
          <span className="code-view-revision" title={map.revision}>
            {map.modules.length} modules, {map.files} files
          </span>
        ) : null}
        <button type="button" className="lk-button" onClick={onClose}>
          Close
        </button>
      </header>
      {loaded.status === "loading" ? (
        <p role="status" className="code-view-status">
          Asking the guide for the map…
        </p>
      ) : null}
      {loaded.status === "failed" ? (
        <div className="code-view-status">
          <p role="alert">{loaded.message}</p>
          <button type="button" className="lk-button" onClick={retry}>
            Try again
          </button>
        </div>
      ) : null}
      {map && laid ? (
        <div className="repository-map">
          <p className="code-view-status">
            Boxes are folders of code; an arrow points from a folder to one it imports. Open a box to read it.
          </p>
          {map.modules.length === 0 ? <p className="code-view-status">The guide found no code to draw.</p> : null}
          {/* biome-ignore lint/a11y/useSemanticElements: an SVG cannot be a fieldset; the group names the drawing its buttons are in. */}
          <svg
            // As wide as the panel, shrinking a wide map down to 70% before it scrolls instead.
            style={{ width: "100%", minWidth: laid.width * 0.7, maxWidth: laid.width, height: "auto" }}
            viewBox={`0 0 ${laid.width} ${laid.height}`}
            role="group"
            aria-label={`${map.modules.length} modules and ${map.edges.length} imports between them`}
          >
            <defs>
              <marker id="map-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                <path d="M 0 0 L 10 5 L 0 10 z" className="map-arrowhead" />
              </marker>
            </defs>
            {laid.arrows.map((arrow) => (
              <path
                key={arrow.key}
                className="map-arrow"
                data-from={map.modules[arrow.from]!.folder}
                data-to={map.modules[arrow.to]!.folder}
                d={arrow.points.map((point, index) => `${index === 0 ? "M" : "L"} ${point.x} ${point.y}`).join(" ")}
                strokeWidth={1 + Math.log2(arrow.imports)}
                markerEnd="url(#map-arrow)"
              >
                <title>{`${labelOf(map.modules[arrow.from]!.folder)} imports ${labelOf(map.modules[arrow.to]!.folder)} (${arrow.imports})`}</title>
              </path>
            ))}
            {laid.boxes.map((box) => {
              const module = map.modules[box.index]!;
              const open = () => onOpen({ path: module.open, line: 1, marked: false });
              return (
                // biome-ignore lint/a11y/useSemanticElements: SVG has no <button>; a group with the button role, a name and the keys is the accessible equivalent.
                <g
                  key={module.folder}
                  className="map-box"
                  data-folder={module.folder}
                  role="button"
                  tabIndex={0}
                  aria-label={`${labelOf(module.folder)}, ${module.files} files${module.purpose ? `: ${module.purpose}` : ""}. Opens ${module.open}`}
                  transform={`translate(${box.x} ${box.y})`}
                  onClick={open}
                  onKeyDown={(event) => {
                    if (event.key === "Enter" || event.key === " ") {
                      event.preventDefault();
                      open();
                    }
                  }}
                >
                  <title>{module.purpose ?? labelOf(module.folder)}</title>
                  <rect width={box.width} height={BOX_HEIGHT} rx={6} />
                  <text x={12} y={19} className="map-box-label">
                    {labelOf(module.folder)}
                  </text>
                  <text x={12} y={36} className="map-box-files">
                    {module.files} {module.files === 1 ? "file" : "files"}
                  </text>
                </g>
              );
            })}
          </svg>
        </div>
      ) : null}
    </aside>
  );
}
