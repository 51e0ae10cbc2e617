// Inline SVG charts: a sparkline and a circular co-mention network. Text goes in through
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

const TYPE_ORDER = ["PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"];

export function typeClass(type) {
  if (type === "PERSON" || type === "ORG") return type.toLowerCase();
  if (type === "GPE" || type === "LOC") return "place";
  return "other";
}

/**
 * Draws `nodes` ({id, name, type, articles}) on a circle, grouped by type, joined by `edges`
 * ({source, target, articles}). A node can be focused (Tab) or hovered to show its own links.
 */
export function drawNetwork(svg, nodes, edges) {
  for (const old of svg.querySelectorAll("g")) old.remove();
  const [, , width, height] = svg.getAttribute("viewBox").split(" ").map(Number);
  const cx = width / 2;
  const cy = height / 2;
  const radius = Math.min(width, height) / 2 - 62;
  const rank = (type) => (TYPE_ORDER.includes(type) ? TYPE_ORDER.indexOf(type) : TYPE_ORDER.length);
  const ordered = [...nodes].sort((a, b) =>
    rank(a.type) - rank(b.type) || b.articles - a.articles || a.id.localeCompare(b.id));
  const at = new Map();
  ordered.forEach((node, i) => {
    const angle = -Math.PI / 2 + (2 * Math.PI * i) / Math.max(ordered.length, 1);
    at.set(node.id, { x: cx + radius * Math.cos(angle), y: cy + radius * Math.sin(angle), angle });
  });
  const most = Math.max(1, ...edges.map((e) => e.articles));
  const biggest = Math.max(1, ...nodes.map((n) => n.articles));
  const lines = svgElement("g", { class: "edges" });
  for (const edge of edges) {
    const a = at.get(edge.source);
    const b = at.get(edge.target);
    if (!a || !b) continue;
    const line = svgElement("line", {
      x1: a.x.toFixed(1), y1: a.y.toFixed(1), x2: b.x.toFixed(1), y2: b.y.toFixed(1),
      "stroke-width": (1 + 4 * (edge.articles / most)).toFixed(2),
      "data-a": edge.source, "data-b": edge.target,
    });
    const title = svgElement("title");
    title.textContent = `${edge.sourceName} and ${edge.targetName}: ${edge.articles} shared article${edge.articles === 1 ? "" : "s"}`;
    line.append(title);
    lines.append(line);
  }
  svg.append(lines);
  const dots = svgElement("g", { class: "nodes" });
  for (const node of ordered) {
    const { x, y, angle } = at.get(node.id);
    const links = edges.filter((e) => e.source === node.id || e.target === node.id).length;
    const group = svgElement("g", {
      class: `node ${typeClass(node.type)}`, tabindex: 0, role: "img", "data-id": node.id,
      "aria-label": `${node.name} (${node.type}): ${node.articles} articles, named with ${links} of these entities`,
    });
    group.append(svgElement("circle", { cx: x.toFixed(1), cy: y.toFixed(1), r: (4 + 8 * Math.sqrt(node.articles / biggest)).toFixed(1) }));
    const right = Math.cos(angle) >= -0.01;
    const label = svgElement("text", {
      x: (x + (right ? 14 : -14)).toFixed(1), y: (y + 4).toFixed(1),
      "text-anchor": right ? "start" : "end",
    });
    label.textContent = node.name.length > 16 ? node.name.slice(0, 15) + "…" : node.name;
    group.append(label);
    const show = () => highlight(svg, node.id);
    const hide = () => highlight(svg, null);
    group.addEventListener("mouseenter", show);
    group.addEventListener("focus", show);
    group.addEventListener("mouseleave", hide);
    group.addEventListener("blur", hide);
    dots.append(group);
  }
  svg.append(dots);
}

function highlight(svg, id) {
  svg.classList.toggle("focused", id !== null);
  for (const line of svg.querySelectorAll(".edges line")) {
    line.classList.toggle("on", id !== null && (line.dataset.a === id || line.dataset.b === id));
  }
  for (const node of svg.querySelectorAll(".node")) node.classList.toggle("on", node.dataset.id === id);
}
