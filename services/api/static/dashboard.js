// The dashboard: loads every panel from the query API, refreshes the panels an update touches
// (live, through /events), and polls instead while live updates are down.

import { getJson, getPage, query, setToken, takeTokenFromUrl, token } from "./api.js";
import { articleView } from "./article.js";
import { drawNetwork, sparkline, svgElement, typeClass } from "./charts.js";
import { $, articleHref, el, fill, fmt, isoDay, plural, quoteBlock } from "./dom.js";
import { followUpdates } from "./live.js";
import { pipelinePanel } from "./pipeline_panel.js";

const ENTITY_ROWS = 8;
const SPEAKER_ROWS = 6;
const QUOTE_ROWS = 8;
const OUTLET_ROWS = 8;
const SPARK_DAYS = 60;
const MIN_SPARK_DAYS = 14;
const POLL_MS = 5000; // full refresh while live updates are down
const SAFETY_MS = 60000; // full refresh now and then even while live
const PIPELINE_MS = 2000;
const DEBOUNCE_MS = 500;
const NETWORK_PER_LIST = 5;

const state = {
  window: "all",
  live: false,
  details: new Map(), // entity id -> /entities/{id}
  latest: new Map(), // speaker id -> their latest quote (or null)
  changedEntities: null, // ids touched since the last refresh; null: reload everything
  changedSpeakers: null,
  speaker: null, // {id, name} whose quotes the quotes panel shows (null: everybody)
  quotePages: 0,
  cursor: null,
  errors: new Map(), // "data" | "pipeline" -> ApiError
  lastFull: 0,
  newestArticle: null, // the last article an update named
  tickerFor: null, // the article the ticker shows
  updated: null,
};

// ---- the window and the day axis of the sparklines -------------------------------------------

function windowParams() {
  if (state.window === "all") return {};
  const now = new Date();
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - (Number(state.window) - 1)));
  return { since: isoDay(first) };
}

function dayAxis(details) {
  let first = windowParams().since;
  let last = isoDay(new Date());
  const seen = details.flatMap((d) => d.days.map((x) => x.day)).sort();
  if (!first) {
    if (!seen.length) return [];
    last = seen[seen.length - 1];
    const start = new Date(`${last}T00:00:00Z`);
    start.setUTCDate(start.getUTCDate() - (MIN_SPARK_DAYS - 1));
    first = seen[0] < isoDay(start) ? seen[0] : isoDay(start); // a line, even for one busy day
  }
  const days = [];
  const at = new Date(`${first}T00:00:00Z`);
  const end = new Date(`${last}T00:00:00Z`);
  while (at <= end) {
    days.push(isoDay(at));
    at.setUTCDate(at.getUTCDate() + 1);
  }
  return days.slice(-SPARK_DAYS);
}

// ---- panels -----------------------------------------------------------------------------------

function waiting() {
  return state.empty ? "Waiting for the first article…" : "Nothing in this window.";
}

function mentionsPerDay(entity, axis) {
  const detail = state.details.get(entity.id);
  const perDay = new Map((detail ? detail.days : []).map((d) => [d.day, d.mentions]));
  return axis.map((day) => perDay.get(day) || 0);
}

function entityRow(entity, rank, axis, top) {
  const values = mentionsPerDay(entity, axis);
  const label = `${entity.name}: mentions per day, ${axis[0] || ""} to ${axis[axis.length - 1] || ""}: ${values.join(", ")}`;
  return el("li", { cls: `row ${typeClass(entity.type)}`, attrs: { "data-id": entity.id } },
    el("span", { cls: "rank", text: rank + 1, attrs: { "aria-hidden": "true" } }),
    el("span", { cls: "name", text: entity.name, attrs: { title: entity.name } }),
    sparkline(values, { label, top }),
    el("span", { cls: "count", attrs: { title: `${plural(entity.articles, "article")}, ${plural(entity.mentions, "mention")}` } },
      el("strong", { text: fmt.format(entity.articles) }),
      el("span", { cls: "unit", text: entity.articles === 1 ? " article" : " articles" })));
}

const byArticles = (a, b) => b.articles - a.articles || b.mentions - a.mentions || a.id.localeCompare(b.id);

async function loadEntities(changed) {
  const w = windowParams();
  const top = (params) => getJson("/entities/top" + query({ ...params, ...w }));
  const [people, orgs, gpe, loc] = await Promise.all([
    top({ type: "PERSON", limit: ENTITY_ROWS }),
    top({ type: "ORG", limit: ENTITY_ROWS }),
    top({ type: "GPE", limit: ENTITY_ROWS }),
    top({ type: "LOC", limit: ENTITY_ROWS }),
  ]);
  const places = [...gpe, ...loc].sort(byArticles).slice(0, ENTITY_ROWS);
  const most = [people, orgs, places].flatMap((list) => list.slice(0, NETWORK_PER_LIST));
  const shown = [...new Set([...people, ...orgs, ...places].map((e) => e.id))];
  const stale = shown.filter((id) => changed === null || changed.has(id) || !state.details.has(id));
  await Promise.all(stale.map(async (id) => {
    try {
      const params = query({ co_limit: 50, ...windowParams() });
      state.details.set(id, await getJson(`/entities/${encodeURIComponent(id)}${params}`));
    } catch (error) {
      if (error.status !== 404) throw error;
      state.details.delete(id);
    }
  }));
  for (const id of [...state.details.keys()]) if (!shown.includes(id)) state.details.delete(id);
  const axis = dayAxis([...state.details.values()]);
  for (const [list, items] of [[$("people"), people], [$("orgs"), orgs], [$("places"), places]]) {
    const top = Math.max(0, ...items.flatMap((e) => mentionsPerDay(e, axis)));
    fill(list, items, (e, i) => entityRow(e, i, axis, top), waiting());
  }
  drawCoMentions(most);
}

function drawCoMentions(nodes) {
  const ids = new Set(nodes.map((n) => n.id));
  const names = new Map(nodes.map((n) => [n.id, n.name]));
  const edges = [];
  for (const node of nodes) {
    const detail = state.details.get(node.id);
    for (const co of detail ? detail.co_mentions : []) {
      if (ids.has(co.id) && node.id < co.id) {
        edges.push({ source: node.id, target: co.id, articles: co.articles,
          sourceName: node.name, targetName: names.get(co.id) });
      }
    }
  }
  const svg = $("network");
  drawNetwork(svg, nodes, edges);
  if (!nodes.length) {
    const note = svgElement("text", { class: "waiting", x: 300, y: 230, "text-anchor": "middle" });
    note.textContent = state.empty ? "Waiting for the first article…" : "Nobody named in this window.";
    const holder = svgElement("g");
    holder.append(note);
    svg.append(holder);
  }
}

function quoteItem(quote, { showSpeaker = true, clamp = false } = {}) {
  const cite = el("p", { cls: "cite" });
  if (showSpeaker) cite.append(el("span", { cls: "who", text: `— ${quote.speaker_name || "unattributed"}` }));
  for (const part of [quote.source, quote.published_at ? quote.published_at.slice(0, 10) : null]) {
    if (part) cite.append(el("span", { text: part }));
  }
  cite.append(el("a", { text: "read the article", attrs: { href: articleHref(quote.article_id) } }));
  return el("li", { cls: "quote" }, quoteBlock(quote.text, clamp), cite);
}

async function loadSpeakers(changed) {
  // the whole dashboard follows the window: inside the hot window Redis answers, else the archive
  const speakers = await getJson("/speakers/top" + query({ limit: SPEAKER_ROWS, ...windowParams() }));
  const stale = speakers.filter((s) => changed === null || changed.has(s.id) || !state.latest.has(s.id));
  await Promise.all(stale.map(async (s) => {
    try {
      const quotes = await getJson("/quotes" + query({ speaker: s.id, limit: 1, ...windowParams() }));
      state.latest.set(s.id, quotes[0] || null);
    } catch (error) {
      if (error.status !== 404) throw error;
      state.latest.set(s.id, null);
    }
  }));
  fill($("speakers"), speakers, (s) => {
    const latest = state.latest.get(s.id);
    const button = el("button", {
      cls: "speaker", attrs: { type: "button", "aria-pressed": String(state.speaker?.id === s.id) },
    }, el("span", { cls: "name", text: s.name }),
    el("span", { cls: "count", text: `${plural(s.quotes, "quote")} · ${plural(s.articles, "article")}` }));
    button.addEventListener("click", () => selectSpeaker(s));
    return el("li", { cls: "speaker-row", attrs: { "data-id": s.id } }, button,
      latest ? quoteBlock(latest.text, true) : el("p", { cls: "muted", text: "no quote kept" }));
  }, waiting());
}

async function loadQuotes({ more = false } = {}) {
  if (!more && state.quotePages > 1) return; // the reader paged on: leave the list alone
  const params = { limit: QUOTE_ROWS, speaker: state.speaker?.id, cursor: more ? state.cursor : null };
  const page = await getPage("/quotes" + query(params));
  const items = page.body.map((q) => quoteItem(q, { showSpeaker: !state.speaker, clamp: !state.speaker }));
  const list = $("quotes");
  if (more) list.append(...items);
  else if (items.length) list.replaceChildren(...items);
  else list.replaceChildren(el("li", { cls: "empty", text: state.empty ? "Waiting for the first quote…" : "No quotes yet." }));
  state.quotePages = more ? state.quotePages + 1 : 1;
  state.cursor = page.next;
  $("more-quotes").hidden = !page.next;
}

function selectSpeaker(speaker) {
  state.speaker = speaker ? { id: speaker.id, name: speaker.name } : null;
  state.quotePages = 0;
  $("quotes-h").textContent = speaker ? `Quotes by ${speaker.name}` : "Latest quotes";
  $("all-speakers").hidden = !speaker;
  for (const button of document.querySelectorAll("#speakers .speaker")) {
    button.setAttribute("aria-pressed", String(button.closest("li").dataset.id === speaker?.id));
  }
  loadQuotes().then(() => clearError("data"), (error) => noteError("data", error));
  if (speaker) $("quotes-h").focus({ preventScroll: false });
}

async function loadOutlets() {
  const sources = await getJson("/sources" + query({ limit: OUTLET_ROWS, ...windowParams() }));
  const most = Math.max(1, ...sources.map((s) => s.articles));
  fill($("outlets"), sources, (s) => el("li", { cls: "outlet" },
    el("span", { cls: "name", text: s.source || "unknown", attrs: { title: s.source } }),
    el("span", { cls: "bar", attrs: { "aria-hidden": "true" } },
      barFill((100 * s.articles) / most)),
    el("span", { cls: "count", text: `${plural(s.articles, "article")}, ${plural(s.quotes, "quote")}` })),
  state.empty ? "Waiting for the first article…" : "No outlet named yet.");
}

/** A bar's filled part, `percent` wide: set through the CSSOM, since the page's
 * Content-Security-Policy allows no inline style attributes. */
function barFill(percent) {
  const part = el("span");
  part.style.width = `${percent.toFixed(1)}%`;
  return part;
}

function showTotals(stats) {
  for (const [key, value] of Object.entries(stats)) {
    const cell = document.querySelector(`[data-total="${key}"]`);
    if (cell) cell.textContent = fmt.format(value);
  }
  state.empty = stats.articles === 0;
  $("empty").hidden = !state.empty;
  $("latest").hidden = state.empty;
  if (!state.tickerFor) {
    $("latest").textContent = `${plural(stats.articles, "article")} so far; each new one shows here as it arrives.`;
  }
}

async function showNewest() {
  const id = state.newestArticle;
  if (state.empty || !id || id === state.tickerFor) return;
  let article;
  try {
    article = await getJson(`/articles/${encodeURIComponent(id)}`);
  } catch (error) {
    if (error.status !== 404) throw error;
    // not in the archive yet (a batch is written every few seconds): try again shortly
    setTimeout(() => showNewest().catch(() => {}), 2000);
    return;
  }
  state.tickerFor = id;
  const parts = [
    el("span", { cls: "label", text: "Latest article" }),
    el("a", { text: article.title || article.id, attrs: { href: articleHref(article.id) } }),
  ];
  for (const text of [article.source, `${plural(article.quotes.length, "quote")}, ${article.entities.length} named`]) {
    if (text) parts.push(el("span", { cls: "sep", text: "·", attrs: { "aria-hidden": "true" } }), el("span", { text }));
  }
  $("latest").replaceChildren(...parts);
}

// ---- refreshing ---------------------------------------------------------------------------------

let running = null;
let again = false;
let scheduled = null;

async function refreshOnce() {
  const entities = state.changedEntities;
  const speakers = state.changedSpeakers;
  state.changedEntities = new Set();
  state.changedSpeakers = new Set();
  const full = entities === null || speakers === null;
  try {
    showTotals(await getJson("/stats" + query(windowParams())));
    await Promise.all([
      loadEntities(entities),
      loadSpeakers(speakers),
      full || speakers.size ? loadQuotes() : null,
      loadOutlets(),
      showNewest(),
    ]);
    clearError("data");
    if (full) state.lastFull = Date.now();
    state.updated = new Date();
    showStatus();
  } catch (error) {
    state.changedEntities = null; // try everything again next time
    state.changedSpeakers = null;
    noteError("data", error);
  }
}

function refresh() {
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    do {
      again = false;
      await refreshOnce();
    } while (again);
  })().finally(() => {
    running = null;
  });
  return running;
}

function refreshAll() {
  state.changedEntities = null;
  state.changedSpeakers = null;
  return refresh();
}

function onUpdate(update) {
  // how many live updates this page has heard (what the end-to-end test reads)
  document.body.dataset.liveUpdates = String(Number(document.body.dataset.liveUpdates || 0) + 1);
  if (!update.applied) return;
  state.newestArticle = update.article_id;
  if (state.changedEntities) update.entity_ids.forEach((id) => state.changedEntities.add(id));
  if (state.changedSpeakers) update.speaker_ids.forEach((id) => state.changedSpeakers.add(id));
  if (!scheduled) {
    scheduled = setTimeout(() => {
      scheduled = null;
      refresh();
    }, DEBOUNCE_MS);
  }
}

// ---- status, errors, the token -----------------------------------------------------------------

function showStatus() {
  const status = $("status");
  const data = state.errors.get("data");
  let mode = "live";
  let text = "Live";
  if (data && data.kind !== "auth") [mode, text] = ["down", data.kind === "unavailable" ? "Redis down" : "API unreachable"];
  else if (data) [mode, text] = ["down", "Token needed"];
  else if (!state.live) [mode, text] = ["polling", `Polling every ${POLL_MS / 1000} s`];
  status.dataset.state = mode;
  const when = state.updated ? ` · updated ${state.updated.toLocaleTimeString()}` : "";
  status.querySelector(".label").textContent = text + when;
}

function describe(error) {
  if (error.kind === "offline") {
    return "The API does not answer (is `newsflow up` or `newsflow api` running?). Showing the last data; retrying.";
  }
  if (error.kind === "unavailable") {
    const detail = error.message.replace(/^Redis did not answer:?\s*/i, "");
    return `Redis does not answer: showing the last data; retrying. (${detail})`;
  }
  if (error.kind === "auth") {
    return token() ? "The API refused this token. Enter the right one:" : "This API needs a token. Enter it (kept in this tab only):";
  }
  return `The API answered ${error.status}: ${error.message}`;
}

function showBanner() {
  const errors = [...state.errors.values()];
  const banner = $("banner");
  const auth = errors.find((e) => e.kind === "auth");
  const shown = auth || errors.find((e) => e.kind === "offline") || errors[0];
  banner.hidden = !shown;
  if (shown) $("banner-text").textContent = describe(shown);
  const form = $("token-form");
  const wasHidden = form.hidden;
  form.hidden = !auth;
  if (auth && wasHidden) $("token-input").focus();
  showStatus();
}

function noteError(source, error) {
  if (error.name === "AbortError") return;
  if (!error.kind) console.error(error);
  state.errors.set(source, error.kind ? error : { kind: "http", status: 0, message: String(error) });
  showBanner();
}

function clearError(source) {
  if (state.errors.delete(source)) showBanner();
}

// ---- start ----------------------------------------------------------------------------------------

function start() {
  takeTokenFromUrl();
  const loadPipeline = pipelinePanel({
    onError: (error) => noteError("pipeline", error),
    onOk: () => clearError("pipeline"),
  });
  for (const list of document.querySelectorAll("ol[data-slots]")) {
    list.style.setProperty("--slots", list.dataset.slots);
  }
  $("window").addEventListener("change", (event) => {
    state.window = event.target.value;
    state.changedEntities = null;
    refresh();
  });
  $("all-speakers").addEventListener("click", () => {
    selectSpeaker(null);
    $("speakers").querySelector("button")?.focus();
  });
  $("more-quotes").addEventListener("click", () => {
    loadQuotes({ more: true }).then(() => clearError("data"), (error) => noteError("data", error));
  });
  $("token-form").addEventListener("submit", (event) => {
    event.preventDefault();
    setToken($("token-input").value.trim());
    $("token-input").value = "";
    state.errors.clear();
    showBanner();
    live.stop();
    live = followUpdates({ onUpdate, onState });
    refreshAll();
    loadPipeline();
  });

  function onState(mode) {
    const wasLive = state.live;
    state.live = mode === "live";
    if (state.live && !wasLive) refreshAll(); // catch up on whatever came while down
    showStatus();
  }
  let live = followUpdates({ onUpdate, onState });

  setInterval(() => {
    if (document.hidden) return;
    if (!state.live || Date.now() - state.lastFull > SAFETY_MS) refreshAll();
  }, POLL_MS);
  setInterval(() => {
    if (!document.hidden) loadPipeline();
  }, PIPELINE_MS);
  refreshAll();
  loadPipeline();
  articleView();
}

start();
