// Charts: the rows' small sparklines (a few lines of SVG) and the pages' timelines (uPlot,
// vendored in static/vendor/). Text goes in through
// textContent only, never as markup.

const SVG = "http://www.w3.org/2000/svg";

export function svgElement(name, attributes = {}) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  return element;
}

/** A sparkline of `values` (numbers, oldest first), `label` read out for screen readers; `top`
 * is the value drawn at full height (default: the largest of `values`), so lines side by side
 * can share one scale. */
export function sparkline(values, { width = 96, height = 24, label = "", top = 0 } = {}) {
  const svg = svgElement("svg", {
    class: "spark", viewBox: `0 0 ${width} ${height}`, width, height, role: "img",
    "aria-label": label, focusable: "false",
  });
  const title = svgElement("title");
  title.textContent = label;
  svg.append(title);
  if (!values.length) return svg;
  top = Math.max(1, top, ...values);
  const pad = 2;
  const y = (v) => height - pad - (v / top) * (height - 2 * pad);
  if (values.length === 1) {
    const h = height - pad - y(values[0]);
    svg.append(svgElement("rect", { class: "spark-bar", x: width / 2 - 3, y: y(values[0]), width: 6, height: Math.max(h, 1) }));
    return svg;
  }
  const step = (width - 2 * pad) / (values.length - 1);
  const points = values.map((v, i) => `${(pad + i * step).toFixed(1)},${y(v).toFixed(1)}`);
  const baseline = height - pad;
  svg.append(svgElement("polygon", {
    class: "spark-area", points: `${pad},${baseline} ${points.join(" ")} ${(pad + (values.length - 1) * step).toFixed(1)},${baseline}`,
  }));
  svg.append(svgElement("polyline", { class: "spark-line", points: points.join(" ") }));
  const [lx, ly] = points[points.length - 1].split(",");
  svg.append(svgElement("circle", { class: "spark-dot", cx: lx, cy: ly, r: 2 }));
  return svg;
}

export function typeClass(type) {
  if (type === "PERSON" || type === "ORG") return type.toLowerCase();
  if (type === "GPE" || type === "LOC") return "place";
  return "other";
}

/** The CSS colour of custom property `name` (uPlot draws on a canvas: it needs real colours). */
function cssColor(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || "#888";
}

/** Every UTC day from `first` to `last` (YYYY-MM-DD), at most `max` (the newest). */
export function daysBetween(first, last, max = 400) {
  const days = [];
  const at = new Date(`${first}T00:00:00Z`);
  const end = new Date(`${last}T00:00:00Z`);
  while (at <= end) {
    days.push(at.toISOString().slice(0, 10));
    at.setUTCDate(at.getUTCDate() + 1);
  }
  return days.slice(-max);
}

/**
 * A timeline in `box`: bars for `series[0]`, a line for `series[1]` (each `{label, values}`,
 * one value per day of `days`), with a date axis and a count axis. Redrawn at the box's width.
 * Returns nothing; replaces whatever `box` held.
 */
export function timeline(box, days, series) {
  if (box._plot) box._plot.destroy();
  if (box._resize) box._resize.disconnect();
  box.replaceChildren();
  const summary = series.map((s) => `${s.label}: ${days.map((d, i) => `${d} ${s.values[i]}`).filter((_, i) => s.values[i]).join(", ") || "none"}`).join(". ");
  box.setAttribute("role", "img");
  box.setAttribute("aria-label", `Per UTC day, ${days[0]} to ${days[days.length - 1]}. ${summary}`);
  const UPlot = window.uPlot;
  if (!UPlot || !days.length) return;
  const ink = cssColor("--muted");
  const grid = cssColor("--line");
  const colors = [cssColor("--accent"), cssColor("--org")];
  const xs = days.map((d) => Date.parse(`${d}T00:00:00Z`) / 1000);
  const axis = { stroke: ink, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, font: "12px system-ui, sans-serif" };
  const width = () => Math.max(240, box.clientWidth);
  const options = {
    width: width(),
    height: 220,
    tzDate: (ts) => UPlot.tzDate(new Date(ts * 1000), "Etc/UTC"),
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: true, range: (u, min, max) => [min - 43200, max + 43200] }, y: { range: (u, min, max) => [0, Math.max(2, max * 1.1)] } },
    axes: [
      { ...axis },
      { ...axis, size: 44, values: (u, ticks) => ticks.map((t) => (Number.isInteger(t) ? String(t) : "")) , label: "count", labelSize: 18, labelFont: "12px system-ui, sans-serif" },
    ],
    series: [
      { label: "day", value: (u, ts) => (ts == null ? "–" : new Date(ts * 1000).toISOString().slice(0, 10)) },
      ...series.map((s, i) => ({
        label: s.label,
        stroke: colors[i % colors.length],
        width: i === 0 ? 1 : 2,
        fill: i === 0 ? colors[0] + "66" : undefined,
        paths: i === 0 ? UPlot.paths.bars({ size: [0.7, 28] }) : undefined,
        points: { show: i !== 0 && days.length < 40, size: 5 },
      })),
    ],
  };
  // uPlot's own legend is a table that will not wrap on a phone: a legend of our own, and a
  // line that reads out the day under the cursor
  options.legend = { show: false };
  const readout = document.createElement("p");
  readout.className = "readout";
  const showIdle = () => {
    readout.replaceChildren(...series.map((s, i) => {
      const key = document.createElement("span");
      key.className = `key key-${i}`;
      key.textContent = s.label;
      return key;
    }));
  };
  options.hooks = {
    setCursor: [(u) => {
      const i = u.cursor.idx;
      if (i == null) return showIdle();
      readout.textContent = `${days[i]}: ${series.map((s) => `${s.values[i]} ${s.label}`).join(", ")}`;
    }],
  };
  box._plot = new UPlot(options, [xs, ...series.map((s) => s.values)], box);
  showIdle();
  box.append(readout);
  box._resize = new ResizeObserver(() => {
    if (box._plot && Math.abs(box._plot.width - width()) > 2) box._plot.setSize({ width: width(), height: 220 });
  });
  box._resize.observe(box);
}
