/**
 * A dependency-free SVG line chart: join latency (p50 and p99) by concurrency,
 * ours against the baseline, warm rooms. Log-scaled concurrency axis.
 */
export type Series = { label: string; color: string; dashed?: boolean; points: Array<{ x: number; y: number }> };

export function lineChart(title: string, yLabel: string, series: Series[]): string {
  const width = 720;
  const height = 420;
  const margin = { top: 48, right: 170, bottom: 56, left: 64 };
  const xs = [...new Set(series.flatMap((each) => each.points.map((point) => point.x)))].sort((a, b) => a - b);
  const yMax = Math.max(1, ...series.flatMap((each) => each.points.map((point) => point.y))) * 1.1;
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const xAt = (x: number) => margin.left + (xs.length === 1 ? plotWidth / 2 : (xs.indexOf(x) / (xs.length - 1)) * plotWidth);
  const yAt = (y: number) => margin.top + plotHeight - (y / yMax) * plotHeight;
  const ticks = Array.from({ length: 6 }, (_, index) => (yMax / 5) * index);

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${margin.left}" y="28" font-size="15" font-weight="600">${title}</text>`,
    ...ticks.map(
      (tick) =>
        `<line x1="${margin.left}" x2="${margin.left + plotWidth}" y1="${yAt(tick)}" y2="${yAt(tick)}" stroke="#e5e7eb"/>` +
        `<text x="${margin.left - 8}" y="${yAt(tick) + 4}" text-anchor="end" fill="#4b5563">${tick.toFixed(tick < 10 ? 1 : 0)}</text>`,
    ),
    ...xs.map((x) => `<text x="${xAt(x)}" y="${margin.top + plotHeight + 20}" text-anchor="middle" fill="#4b5563">${x}</text>`),
    `<text x="${margin.left + plotWidth / 2}" y="${height - 14}" text-anchor="middle" fill="#111827">concurrent clients</text>`,
    `<text transform="translate(18 ${margin.top + plotHeight / 2}) rotate(-90)" text-anchor="middle" fill="#111827">${yLabel}</text>`,
  ];
  series.forEach((each, index) => {
    const path = each.points.map((point, i) => `${i === 0 ? "M" : "L"}${xAt(point.x).toFixed(1)},${yAt(point.y).toFixed(1)}`).join(" ");
    parts.push(`<path d="${path}" fill="none" stroke="${each.color}" stroke-width="2.5"${each.dashed ? ' stroke-dasharray="6 4"' : ""}/>`);
    for (const point of each.points) parts.push(`<circle cx="${xAt(point.x)}" cy="${yAt(point.y)}" r="3.5" fill="${each.color}"/>`);
    const legendY = margin.top + 10 + index * 22;
    parts.push(
      `<line x1="${width - margin.right + 16}" x2="${width - margin.right + 40}" y1="${legendY}" y2="${legendY}" stroke="${each.color}" stroke-width="2.5"${each.dashed ? ' stroke-dasharray="6 4"' : ""}/>`,
      `<text x="${width - margin.right + 46}" y="${legendY + 4}">${each.label}</text>`,
    );
  });
  parts.push("</svg>");
  return parts.join("\n");
}
