// The pages one click away from the news: an entity's (or speaker's) page, an outlet's page and
// the search results. Each follows the address's filters; `render*` fetch and fill, and throw
// ApiErrors for the caller to show.

import { getJson, getPage, query } from "./api.js";
import { daysBetween, timeline, typeClass } from "./charts.js";
import { $, el, fill, fmt, isoDay, plural } from "./dom.js";
import { filters } from "./filters.js";
import { articleItem, quoteItem } from "./items.js";
import { entityHref, speakerHref } from "./router.js";

const QUOTES = 10;
const ARTICLES = 20;
const TIMELINE_ARTICLES = 100; // the API's largest page
const MIN_DAYS = 14;

const TYPE_NAMES = { PERSON: "person", ORG: "organisation", GPE: "place", LOC: "place", NORP: "group", FAC: "facility", EVENT: "event" };

async function orNull(promise, ...statuses) {
  try {
    return await promise;
  } catch (error) {
    if (statuses.includes(error.status)) return null;
    throw error;
  }
}

/** The days the timeline spans: the filter's range, else the data's (at least two weeks). */
function spanOf(seen) {
  const { since, until } = filters();
  const sorted = [...seen].sort();
  let last = until || sorted[sorted.length - 1] || isoDay(new Date());
  const today = isoDay(new Date());
  if (!until && since && last < today) last = today;
  let first = since;
  if (!first) {
    const start = new Date(`${last}T00:00:00Z`);
    start.setUTCDate(start.getUTCDate() - (MIN_DAYS - 1));
    first = sorted[0] && sorted[0] < isoDay(start) ? sorted[0] : isoDay(start);
  }
  return daysBetween(first, last);
}

function perDay(days, counts) {
  return days.map((day) => counts.get(day) || 0);
}

function listLink(href, name, count, type) {
  return el("li", { cls: `co ${type ? typeClass(type) : ""}`.trim() },
    el("a", { text: name, attrs: { href } }),
    el("span", { cls: "count", text: count }));
}

function showPage(title, meta) {
  $("page-title").textContent = title;
  $("page-meta").replaceChildren(...meta.filter(Boolean).map((text) => el("span", { text })));
  document.title = `${title} · newsflow`;
}

/** An entity's page (also a speaker's: a speaker's id is their PERSON entity's id). */
export async function renderEntity(id) {
  const f = filters();
  const enc = encodeURIComponent(id);
  const [detail, by, articles] = await Promise.all([
    orNull(getJson(`/entities/${enc}` + query({ ...f, co_limit: 20 })), 404),
    orNull(getJson("/quotes" + query({ ...f, speaker: id, limit: QUOTES })), 404, 400),
    orNull(getJson("/articles" + query({ ...f, entity: id, limit: ARTICLES })), 404, 400),
  ]);
  let quotes = by || [];
  const quotesBy = quotes.length > 0;
  if (!quotesBy) quotes = (await orNull(getJson("/quotes" + query({ ...f, entity: id, limit: QUOTES })), 404, 400)) || [];
  let name = detail?.name || by?.[0]?.speaker_name;
  if (!name) {
    const known = await orNull(getJson(`/entities/${enc}`), 404);
    name = known?.name || id;
  }
  const others = (detail?.aliases || []).filter((a) => a !== name);
  showPage(name, [
    detail && TYPE_NAMES[detail.type] ? TYPE_NAMES[detail.type] : detail?.type,
    detail ? `${plural(detail.articles, "article")}, ${plural(detail.mentions, "mention")}` : "not named in this range",
    detail?.first_seen && `first named ${detail.first_seen}`,
    detail?.last_seen && `last named ${detail.last_seen}`,
    others.length ? `also written ${others.slice(0, 6).join(", ")}` : null,
  ]);
  $("timeline-h").textContent = "Articles and mentions per day";
  const days = spanOf((detail?.days || []).map((d) => d.day));
  const rows = detail?.days || [];
  timeline($("page-timeline"), days, [
    { label: "articles", values: perDay(days, new Map(rows.map((d) => [d.day, d.articles]))) },
    { label: "mentions", values: perDay(days, new Map(rows.map((d) => [d.day, d.mentions]))) },
  ]);
  $("page-co-h").textContent = "Named together";
  fill($("page-co"), detail?.co_mentions || [],
    (co) => listLink(entityHref(co.id), co.name, plural(co.articles, "article"), co.type), "No co-mention recorded in this range (each article pairs only its most named entities).");
  const person = detail?.type === "PERSON" || by !== null;
  $("page-quotes-h").textContent = quotesBy || (person && !quotes.length) ? `Quotes by ${name}` : `Quotes naming ${name}`;
  fill($("page-quotes"), quotes, (q) => quoteItem(q, { showSpeaker: !quotesBy }), "No quotes in this range.");
  $("page-articles-h").textContent = `Articles naming ${name}`;
  fill($("page-articles"), articles || [], articleItem, "No articles in this range.");
}

/** An outlet's page: its articles per day, the names it mentions most, its quotes, its articles. */
export async function renderSource(source) {
  const f = { ...filters(), source };
  const [page, named, quotes] = await Promise.all([
    getPage("/articles" + query({ ...f, limit: TIMELINE_ARTICLES })),
    getJson("/entities/top" + query({ ...f, limit: 15 })),
    getJson("/quotes" + query({ ...f, limit: QUOTES })),
  ]);
  const articles = page.body;
  showPage(source, [
    "outlet",
    page.next ? `the latest ${plural(articles.length, "article")}` : plural(articles.length, "article"),
    `${plural(quotes.length === QUOTES ? QUOTES : quotes.length, "quote")}${quotes.length === QUOTES ? "+" : ""}`,
  ]);
  const counts = new Map();
  for (const a of articles) {
    const day = (a.published_at || "").slice(0, 10);
    if (day) counts.set(day, (counts.get(day) || 0) + 1);
  }
  const undated = articles.filter((a) => !a.published_at).length;
  const notes = [page.next ? `the latest ${articles.length}` : null, undated ? `${undated} without a date not shown` : null].filter(Boolean);
  $("timeline-h").textContent = `Articles per day${notes.length ? ` (${notes.join("; ")})` : ""}`;
  const days = spanOf(counts.keys());
  timeline($("page-timeline"), days, [{ label: "articles", values: perDay(days, counts) }]);
  $("page-co-h").textContent = "Most named here";
  fill($("page-co"), named, (e) => listLink(entityHref(e.id), e.name, plural(e.articles, "article"), e.type), "Nobody named in this range.");
  $("page-quotes-h").textContent = `Latest quotes in ${source}`;
  fill($("page-quotes"), quotes, (q) => quoteItem(q), "No quotes in this range.");
  $("page-articles-h").textContent = `Latest articles from ${source}`;
  fill($("page-articles"), articles.slice(0, ARTICLES), articleItem, "No articles in this range.");
}

/** The results of a search over names, speakers and quote text. */
export async function renderSearch(words) {
  const found = await getJson("/search" + query({ ...filters(), q: words, limit: 10 }));
  $("search-title").textContent = `Results for “${words}”`;
  document.title = `${words} · search · newsflow`;
  fill($("found-entities"), found.entities || [],
    (e) => listLink(entityHref(e.id), e.name, `${TYPE_NAMES[e.type] || e.type} · ${plural(e.articles, "article")}`, e.type), "No name matches.");
  fill($("found-speakers"), found.speakers || [],
    (s) => listLink(speakerHref(s.id), s.name, `${plural(s.quotes, "quote")} · ${plural(s.articles, "article")}`, "PERSON"), "No speaker matches.");
  // the quotes holding the words, then the latest of the speakers found (their own words
  // rarely hold their name)
  const by = await Promise.all((found.speakers || []).slice(0, 2).map((s) =>
    orNull(getJson("/quotes" + query({ ...filters(), speaker: s.id, limit: 5 })), 404, 400)));
  const seen = new Set();
  const quotes = [...(found.quotes || []), ...by.flat().filter(Boolean)].filter((q) => {
    const key = `${q.article_id}:${q.start}`;
    return seen.has(key) ? false : seen.add(key);
  });
  fill($("found-quotes"), quotes, (q) => quoteItem(q), "No quote matches.");
  $("found-quotes-h").textContent = `Quotes (${fmt.format(quotes.length)})`;
}

/** Empties the page and search views before another page loads into them. */
export function clearPages() {
  $("page-title").textContent = "Loading…";
  $("search-title").textContent = "Searching…";
  for (const id of ["page-meta", "page-timeline", "page-co", "page-quotes", "page-articles", "found-entities", "found-speakers", "found-quotes"]) {
    $(id).replaceChildren();
  }
}
