// The filters every panel and page follows: an outlet and a range of UTC days, kept in the
// address (`?source=…&since=…&until=…`) so that a link or a reload shows the same view.

import { $, el, isoDay } from "./dom.js";

const KEYS = ["source", "since", "until"];
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The filters in the address bar: `{source, since, until}`, each a string or undefined. */
export function filters() {
  const params = new URLSearchParams(window.location.search);
  const out = {};
  for (const key of KEYS) {
    const value = (params.get(key) || "").trim();
    if (value && (key === "source" || DAY.test(value))) out[key] = value;
  }
  return out;
}

function write(next) {
  const url = new URL(window.location.href);
  for (const key of KEYS) {
    if (next[key]) url.searchParams.set(key, next[key]);
    else url.searchParams.delete(key);
  }
  window.history.pushState(null, "", url);
}

/** Puts the address's filters into the form. */
export function showFilters() {
  const now = filters();
  $("f-since").value = now.since || "";
  $("f-until").value = now.until || "";
  const select = $("f-source");
  if (now.source && ![...select.options].some((o) => o.value === now.source)) {
    select.append(el("option", { text: now.source, attrs: { value: now.source } }));
  }
  select.value = now.source || "";
  const parts = [];
  if (now.source) parts.push(`from ${now.source}`);
  if (now.since || now.until) parts.push(`${now.since || "the start"} to ${now.until || "today"}`);
  const note = $("filter-note");
  note.hidden = !parts.length;
  note.textContent = parts.length ? `Showing articles ${parts.join(", ")} (UTC days).` : "";
}

/** Fills the outlet list with `names` (keeping the chosen one). */
export function setOutlets(names) {
  const select = $("f-source");
  const chosen = filters().source || "";
  const wanted = [...new Set([...names, ...(chosen ? [chosen] : [])])].sort((a, b) => a.localeCompare(b));
  const have = [...select.options].slice(1).map((o) => o.value);
  if (have.join("\n") === wanted.join("\n")) return;
  select.replaceChildren(el("option", { text: "All outlets", attrs: { value: "" } }),
    ...wanted.map((name) => el("option", { text: name, attrs: { value: name } })));
  select.value = chosen;
}

/** Wires the filter form; `onChange()` runs after every change of the address's filters. */
export function filterForm(onChange) {
  const form = $("filters");
  let last = JSON.stringify(filters());
  const changed = () => {
    const now = JSON.stringify(filters());
    const moved = now !== last;
    last = now;
    return moved;
  };
  const apply = (next) => {
    write(next);
    changed();
    showFilters();
    onChange();
  };
  form.addEventListener("change", () => {
    let since = $("f-since").value;
    let until = $("f-until").value;
    if (since && until && since > until) [since, until] = [until, since];
    apply({ source: $("f-source").value, since, until });
  });
  form.addEventListener("submit", (event) => event.preventDefault());
  for (const button of form.querySelectorAll("button[data-days]")) {
    button.addEventListener("click", () => {
      const now = new Date();
      const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - (Number(button.dataset.days) - 1)));
      apply({ ...filters(), since: isoDay(first), until: undefined });
    });
  }
  $("f-clear").addEventListener("click", () => apply({ source: filters().source }));
  window.addEventListener("popstate", () => {
    // back and forward (also across hash-only entries): only a change of filters reloads
    if (!changed()) return;
    showFilters();
    onChange();
  });
  showFilters();
}
