// The news view: people, organisations, places, the most quoted, the latest quotes, the
// co-mention network, the outlets and the latest articles, all under the address's filters.

import { getJson, getPage, query } from "./api.js";
import { daysBetween, sparkline, typeClass } from "./charts.js";
import { $, el, fill, fmt, isoDay, plural, quoteBlock } from "./dom.js";
import { filters, setOutlets } from "./filters.js";
import { articleItem, quoteItem } from "./items.js";
import { drawNetwork } from "./network.js";
import { entityHref, sourceHref, speakerHref } from "./router.js";

const ENTITY_ROWS = 8;
const SPEAKER_ROWS = 6;
const QUOTE_ROWS = 8;
const OUTLET_ROWS = 8;
const ARTICLE_ROWS = 8;
const SPARK_DAYS = 60;
const MIN_SPARK_DAYS = 14;
const NETWORK_PER_LIST = 5;

export const news = {
  empty: false,
  details: new Map(), // entity id -> /entities/{id}
  latest: new Map(), // speaker id -> their latest quote (or null)
  quotePages: 0,
  cursor: null,
  nodes: [],
};

/** Forget what was fetched under other filters. */
export function resetNews() {
  news.details.clear();
  news.latest.clear();
  news.quotePages = 0;
}

function dayAxis(details) {
  const f = filters();
  let first = f.since;
  let last = f.until || isoDay(new Date());
  const seen = details.flatMap((d) => d.days.map((x) => x.day)).sort();
  if (!first) {
    if (!seen.length) return [];
    if (!f.until) last = seen[seen.length - 1];
    const start = new Date(`${last}T00:00:00Z`);
    start.setUTCDate(start.getUTCDate() - (MIN_SPARK_DAYS - 1));
    first = seen[0] < isoDay(start) ? seen[0] : isoDay(start); // a line, even for one busy day
  }
  return daysBetween(first, last, SPARK_DAYS);
}

function waiting() {
  return news.empty ? "Waiting for the first article…" : "Nothing in this range.";
}

function mentionsPerDay(entity, axis) {
  const detail = news.details.get(entity.id);
  const perDay = new Map((detail ? detail.days : []).map((d) => [d.day, d.mentions]));
  return axis.map((day) => perDay.get(day) || 0);
}

function entityRow(entity, rank, axis, top) {
  const values = mentionsPerDay(entity, axis);
  const label = `${entity.name}: mentions per day, ${axis[0] || ""} to ${axis[axis.length - 1] || ""}: ${values.join(", ")}`;
  return el("li", { cls: `row ${typeClass(entity.type)}`, attrs: { "data-id": entity.id } },
    el("span", { cls: "rank", text: rank + 1, attrs: { "aria-hidden": "true" } }),
    el("a", { cls: "name", text: entity.name, attrs: { href: entityHref(entity.id) } }),
    sparkline(values, { label, top, width: 72 }),
    el("span", { cls: "count", attrs: { title: `${plural(entity.articles, "article")}, ${plural(entity.mentions, "mention")}` } },
      el("strong", { text: fmt.format(entity.articles) }),
      el("span", { cls: "unit", text: entity.articles === 1 ? " article" : " articles" })));
}

const byArticles = (a, b) => b.articles - a.articles || b.mentions - a.mentions || a.id.localeCompare(b.id);

async function loadEntities(changed) {
  const f = filters();
  const top = (params) => getJson("/entities/top" + query({ ...params, ...f }));
  const [people, orgs, gpe, loc] = await Promise.all([
    top({ type: "PERSON", limit: ENTITY_ROWS }),
    top({ type: "ORG", limit: ENTITY_ROWS }),
    top({ type: "GPE", limit: ENTITY_ROWS }),
    top({ type: "LOC", limit: ENTITY_ROWS }),
  ]);
  const places = [...gpe, ...loc].sort(byArticles).slice(0, ENTITY_ROWS);
  const most = [people, orgs, places].flatMap((list) => list.slice(0, NETWORK_PER_LIST));
  const shown = [...new Set([...people, ...orgs, ...places].map((e) => e.id))];
  const stale = shown.filter((id) => changed === null || changed.has(id) || !news.details.has(id));
  await Promise.all(stale.map(async (id) => {
    try {
      news.details.set(id, await getJson(`/entities/${encodeURIComponent(id)}` + query({ co_limit: 50, ...f })));
    } catch (error) {
      if (error.status !== 404) throw error;
      news.details.delete(id);
    }
  }));
  for (const id of [...news.details.keys()]) if (!shown.includes(id)) news.details.delete(id);
  const axis = dayAxis([...news.details.values()]);
  for (const [list, items] of [[$("people"), people], [$("orgs"), orgs], [$("places"), places]]) {
    const top = Math.max(0, ...items.flatMap((e) => mentionsPerDay(e, axis)));
    fill(list, items, (e, i) => entityRow(e, i, axis, top), waiting());
  }
  news.nodes = most;
  drawCoMentions();
}

/** (Re)draws the network from what the last load found (also on a resize). */
export function drawCoMentions() {
  const nodes = news.nodes;
  const ids = new Set(nodes.map((n) => n.id));
  const names = new Map(nodes.map((n) => [n.id, n.name]));
  const edges = [];
  for (const node of nodes) {
    const detail = news.details.get(node.id);
    for (const co of detail ? detail.co_mentions : []) {
      if (ids.has(co.id) && node.id < co.id) {
        edges.push({ source: node.id, target: co.id, articles: co.articles, sourceName: node.name, targetName: names.get(co.id) });
      }
    }
  }
  drawNetwork($("network"), nodes, edges, news.empty ? "Waiting for the first article…" : "Nobody named in this range.");
}

async function loadSpeakers(changed) {
  const f = filters();
  const speakers = await getJson("/speakers/top" + query({ limit: SPEAKER_ROWS, ...f }));
  const stale = speakers.filter((s) => changed === null || changed.has(s.id) || !news.latest.has(s.id));
  await Promise.all(stale.map(async (s) => {
    try {
      const quotes = await getJson("/quotes" + query({ speaker: s.id, limit: 1, ...f }));
      news.latest.set(s.id, quotes[0] || null);
    } catch (error) {
      if (error.status !== 404) throw error;
      news.latest.set(s.id, null);
    }
  }));
  fill($("speakers"), speakers, (s) => {
    const latest = news.latest.get(s.id);
    const link = el("a", { cls: "speaker", attrs: { href: speakerHref(s.id) } },
      el("span", { cls: "name", text: s.name }),
      el("span", { cls: "count", text: `${plural(s.quotes, "quote")} · ${plural(s.articles, "article")}` }));
    return el("li", { cls: "speaker-row", attrs: { "data-id": s.id } }, link,
      latest ? quoteBlock(latest.text, true) : el("p", { cls: "muted", text: "no quote kept" }));
  }, waiting());
}

export async function loadQuotes({ more = false } = {}) {
  if (!more && news.quotePages > 1) return; // the reader paged on: leave the list alone
  const page = await getPage("/quotes" + query({ ...filters(), limit: QUOTE_ROWS, cursor: more ? news.cursor : null }));
  const items = page.body.map((q) => quoteItem(q, { clamp: true }));
  const list = $("quotes");
  if (more) list.append(...items);
  else if (items.length) list.replaceChildren(...items);
  else list.replaceChildren(el("li", { cls: "empty", text: news.empty ? "Waiting for the first quote…" : "No quotes in this range." }));
  news.quotePages = more ? news.quotePages + 1 : 1;
  news.cursor = page.next;
  $("more-quotes").hidden = !page.next;
}

async function loadOutlets() {
  const f = filters();
  const [sources, everywhere] = await Promise.all([
    getJson("/sources" + query({ limit: OUTLET_ROWS, since: f.since, until: f.until })),
    getJson("/sources" + query({ limit: 100 })),
  ]);
  setOutlets(everywhere.map((s) => s.source).filter(Boolean));
  const most = Math.max(1, ...sources.map((s) => s.articles));
  fill($("outlets"), sources, (s) => el("li", { cls: `outlet${s.source === f.source ? " chosen" : ""}` },
    el("a", { cls: "name", text: s.source || "unknown", attrs: { href: sourceHref(s.source), title: s.source } }),
    el("span", { cls: "bar", attrs: { "aria-hidden": "true" } }, barFill((100 * s.articles) / most)),
    el("span", { cls: "count", text: `${plural(s.articles, "article")}, ${plural(s.quotes, "quote")}` })),
  news.empty ? "Waiting for the first article…" : "No outlet named yet.");
}

/** A bar's filled part, `percent` wide: set through the CSSOM, since the page's
 * Content-Security-Policy allows no inline style attributes. */
function barFill(percent) {
  const part = el("span");
  part.style.width = `${percent.toFixed(1)}%`;
  return part;
}

async function loadArticles() {
  const articles = await getJson("/articles" + query({ ...filters(), limit: ARTICLE_ROWS }));
  fill($("articles"), articles, articleItem, news.empty ? "Waiting for the first article…" : "No articles in this range.");
}

/** Loads every panel; `changedEntities`/`changedSpeakers`: ids an update touched (null: all). */
export async function loadNews(changedEntities, changedSpeakers) {
  const full = changedEntities === null || changedSpeakers === null;
  await Promise.all([
    loadEntities(changedEntities),
    loadSpeakers(changedSpeakers),
    full || changedSpeakers.size ? loadQuotes() : null,
    loadOutlets(),
    loadArticles(),
  ]);
}
