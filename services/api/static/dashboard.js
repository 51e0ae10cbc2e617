// The dashboard: routes (the news, an entity's, speaker's or outlet's page, search results,
// operations) under the filters in the address; refreshes what an update touches (live,
// through /events), and polls instead while live updates are down.

import { getJson, query, setToken, takeTokenFromUrl, token } from "./api.js";
import { articleView } from "./article.js";
import { $, articleHref, el, fmt, plural } from "./dom.js";
import { filterForm, filters } from "./filters.js";
import { followUpdates } from "./live.js";
import { drawCoMentions, loadNews, loadQuotes, news, resetNews } from "./news.js";
import { clearPages, renderEntity, renderSearch, renderSource } from "./pages.js";
import { pipelinePanel } from "./pipeline_panel.js";
import { currentRoute, searchHref } from "./router.js";

const POLL_MS = 5000; // full refresh while live updates are down
const SAFETY_MS = 60000; // full refresh now and then even while live
const PIPELINE_MS = 2000;
const DEBOUNCE_MS = 500;
const VIEWS = { news: "view-news", entity: "view-page", speaker: "view-page", source: "view-page", search: "view-search", ops: "view-ops" };

const state = {
  route: { name: "news", arg: null },
  live: false,
  changedEntities: null, // ids touched since the last refresh; null: reload everything
  changedSpeakers: null,
  errors: new Map(), // "data" | "pipeline" -> ApiError
  lastFull: 0,
  newestArticle: null, // the last article an update named
  tickerFor: null, // the article the ticker shows
  updated: null,
};

// ---- the header ---------------------------------------------------------------------------------

function showTotals(stats) {
  for (const [key, value] of Object.entries(stats)) {
    const cell = document.querySelector(`[data-total="${key}"]`);
    if (cell) cell.textContent = fmt.format(value);
  }
}

async function showNewest() {
  const id = state.newestArticle;
  if (news.empty || !id || id === state.tickerFor) return;
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
    el("a", { text: article.title || "(no headline)", attrs: { href: articleHref(article.id) } }),
  ];
  for (const text of [article.source, `${plural(article.quotes.length, "quote")}, ${article.entities.length} named`]) {
    if (text) parts.push(el("span", { cls: "sep", text: "·", attrs: { "aria-hidden": "true" } }), el("span", { text }));
  }
  $("latest").replaceChildren(...parts);
}

async function loadHeader() {
  const f = filters();
  const [windowed, everything] = await Promise.all([
    getJson("/stats" + query(f)),
    f.since || f.until || f.source ? getJson("/stats") : null,
  ]);
  showTotals(windowed);
  news.empty = (everything || windowed).articles === 0;
  $("empty").hidden = !news.empty;
  $("latest").hidden = news.empty;
  if (!state.tickerFor) {
    $("latest").textContent = `${plural((everything || windowed).articles, "article")} so far; each new one shows here as it arrives.`;
  }
}

// ---- views --------------------------------------------------------------------------------------

function showView(route) {
  const shown = VIEWS[route.name];
  for (const view of document.querySelectorAll("main .view")) view.hidden = view.id !== shown;
  const ops = route.name === "ops";
  for (const [tab, on] of [[$("tab-news"), !ops], [$("tab-ops"), ops]]) {
    if (on) tab.setAttribute("aria-current", "page");
    else tab.removeAttribute("aria-current");
  }
  $("ticker").hidden = ops;
  document.body.dataset.view = route.name;
  if (route.name === "news" || route.name === "ops") document.title = "newsflow · live";
  if (route.name === "search") $("search").value = route.arg;
}

async function loadView(route, changedEntities, changedSpeakers) {
  if (route.name === "news") await loadNews(changedEntities, changedSpeakers);
  else if (route.name === "entity" || route.name === "speaker") await renderEntity(route.arg);
  else if (route.name === "source") await renderSource(route.arg);
  else if (route.name === "search") await renderSearch(route.arg);
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
  const route = state.route;
  try {
    await loadHeader();
    await Promise.all([loadView(route, entities, speakers), showNewest()]);
    clearError("data");
    if (full) state.lastFull = Date.now();
    state.updated = new Date();
    document.body.dataset.loaded = `${route.name}:${route.arg || ""}:${window.location.search}`;
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

function onRoute() {
  const route = currentRoute();
  if (route === null) return; // the article dialog opened over the current view
  const moved = route.name !== state.route.name || route.arg !== state.route.arg;
  state.route = route;
  showView(route);
  if (!moved) return;
  delete document.body.dataset.loaded;
  clearPages();
  if (route.name !== "news") window.scrollTo(0, 0);
  refreshAll();
  const heading = { entity: "page-title", speaker: "page-title", source: "page-title", search: "search-title" }[route.name];
  if (heading) $(heading).focus({ preventScroll: true });
}

function onFilters() {
  resetNews();
  delete document.body.dataset.loaded;
  refreshAll();
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
  if (data && data.kind === "auth") [mode, text] = ["down", "Token needed"];
  else if (data && data.kind !== "http") [mode, text] = ["down", data.kind === "unavailable" ? "Redis down" : "API unreachable"];
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
  filterForm(onFilters);
  $("search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const words = $("search").value.trim();
    if (words) window.location.hash = searchHref(words);
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
  let width = $("network-box").clientWidth;
  new ResizeObserver(() => {
    const now = $("network-box").clientWidth;
    if (now && Math.abs(now - width) > 8) {
      width = now;
      drawCoMentions();
    }
  }).observe($("network-box"));

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
    if (!document.hidden) loadPipeline(); // the test and the Operations tab read it
  }, PIPELINE_MS);
  window.addEventListener("hashchange", onRoute);
  state.route = currentRoute() || { name: "news", arg: null };
  showView(state.route);
  refreshAll();
  loadPipeline();
  articleView();
}

start();
