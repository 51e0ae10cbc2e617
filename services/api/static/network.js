// The co-mention network: a force layout (d3-force, vendored in static/vendor/) computed once
// per redraw, drawn in SVG at the box's own pixel size so that labels stay 12 px on a phone.
// Every node is a link to its entity's page. Text goes in through textContent only.

import { svgElement, typeClass } from "./charts.js";
import { entityHref } from "./router.js";

const LABEL_PX = 12;
const CHAR_PX = 6.6; // a 12 px system-ui character, about

/**
 * Draws `nodes` ({id, name, type, articles}) joined by `edges` ({source, target, articles,
 * sourceName, targetName}) into `svg`, sized to its parent box. `empty` is the text shown
 * when there are no nodes.
 */
export function drawNetwork(svg, nodes, edges, empty) {
  for (const old of svg.querySelectorAll("g")) old.remove();
  const box = svg.parentElement;
  const width = Math.max(260, Math.round(box.clientWidth || 600));
  const height = Math.round(Math.min(460, Math.max(300, width * 0.75)));
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("width", width);
  svg.setAttribute("height", height);
  svg.dataset.width = String(width);
  if (!nodes.length) {
    const holder = svgElement("g");
    const note = svgElement("text", { class: "waiting", x: width / 2, y: height / 2, "text-anchor": "middle" });
    note.textContent = empty;
    holder.append(note);
    svg.append(holder);
    return;
  }
  const biggest = Math.max(1, ...nodes.map((n) => n.articles));
  const radius = (n) => 4 + 8 * Math.sqrt(n.articles / biggest);
  const sim = nodes.map((n) => ({ ...n, r: radius(n), label: labelWidth(svg, n.name) }));
  const links = edges.map((e) => ({ ...e }));
  const d3 = window.d3;
  if (d3 && d3.forceSimulation) {
    const simulation = d3.forceSimulation(sim)
      .force("link", d3.forceLink(links).id((n) => n.id).distance(90).strength(0.3))
      .force("charge", d3.forceManyBody().strength(-260))
      .force("x", d3.forceX(width / 2).strength(0.06))
      .force("y", d3.forceY(height / 2).strength(0.09))
      .force("collide", d3.forceCollide((n) => Math.max(n.r + 8, n.label / 2 + 4)).iterations(3))
      .stop();
    for (let i = 0; i < 300; i += 1) simulation.tick();
  } else {
    sim.forEach((n, i) => { // no library: a circle, still readable
      const angle = (2 * Math.PI * i) / sim.length;
      n.x = width / 2 + (width / 3) * Math.cos(angle);
      n.y = height / 2 + (height / 3) * Math.sin(angle);
    });
    for (const link of links) {
      link.source = sim.find((n) => n.id === link.source);
      link.target = sim.find((n) => n.id === link.target);
    }
  }
  // keep every circle and the label under it inside the box
  for (const n of sim) {
    const half = Math.max(n.r, n.label / 2) + 2;
    n.x = Math.min(width - half, Math.max(half, n.x));
    n.y = Math.min(height - n.r - LABEL_PX - 6, Math.max(n.r + 4, n.y));
  }
  const most = Math.max(1, ...links.map((e) => e.articles));
  const lines = svgElement("g", { class: "edges" });
  for (const link of links) {
    if (!link.source || !link.target) continue;
    const line = svgElement("line", {
      x1: link.source.x.toFixed(1), y1: link.source.y.toFixed(1),
      x2: link.target.x.toFixed(1), y2: link.target.y.toFixed(1),
      "stroke-width": (1 + 4 * (link.articles / most)).toFixed(2),
      "data-a": link.source.id, "data-b": link.target.id,
    });
    const title = svgElement("title");
    title.textContent = `${link.sourceName} and ${link.targetName}: ${link.articles} shared article${link.articles === 1 ? "" : "s"}`;
    line.append(title);
    lines.append(line);
  }
  svg.append(lines);
  const dots = svgElement("g", { class: "nodes" });
  for (const n of sim) {
    const linked = links.filter((e) => e.source.id === n.id || e.target.id === n.id).length;
    const group = svgElement("a", {
      class: `node ${typeClass(n.type)}`, href: entityHref(n.id), "data-id": n.id,
      "aria-label": `${n.name} (${n.type}): ${n.articles} articles, named with ${linked} of these entities`,
    });
    group.append(svgElement("circle", { cx: n.x.toFixed(1), cy: n.y.toFixed(1), r: n.r.toFixed(1) }));
    // the label centred under its circle, slid sideways where it would leave the box
    const half = n.label / 2 + 2;
    const lx = half * 2 >= width ? width / 2 : Math.min(width - half, Math.max(half, n.x));
    const label = svgElement("text", {
      x: lx.toFixed(1), y: (n.y + n.r + LABEL_PX + 1).toFixed(1), "text-anchor": "middle",
    });
    label.textContent = n.name;
    group.append(label);
    const show = () => highlight(svg, n.id);
    const hide = () => highlight(svg, null);
    group.addEventListener("mouseenter", show);
    group.addEventListener("focus", show);
    group.addEventListener("mouseleave", hide);
    group.addEventListener("blur", hide);
    dots.append(group);
  }
  svg.append(dots);
}

/** The width `name` takes as a label in `svg` (measured; estimated while the svg is hidden). */
function labelWidth(svg, name) {
  const probe = svgElement("text", { class: "probe", x: 0, y: -100 });
  probe.textContent = name;
  const holder = svgElement("g", { class: "node" });
  holder.append(probe);
  svg.append(holder);
  const measured = probe.getComputedTextLength();
  holder.remove();
  return measured > 0 ? measured : name.length * CHAR_PX;
}

function highlight(svg, id) {
  svg.classList.toggle("focused", id !== null);
  for (const line of svg.querySelectorAll(".edges line")) {
    line.classList.toggle("on", id !== null && (line.dataset.a === id || line.dataset.b === id));
  }
  for (const node of svg.querySelectorAll(".node")) node.classList.toggle("on", node.dataset.id === id);
}
