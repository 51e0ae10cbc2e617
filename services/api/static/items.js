// Rows the panels and pages share: a quote (with its speaker, headline, outlet, day and links)
// and an article (headline, outlet, day, counts, links). Text goes in through textContent only.

import { articleHref, el, plural, quoteBlock } from "./dom.js";
import { sourceHref, speakerHref } from "./router.js";

const day = (published) => (published ? published.slice(0, 10) : null);

/** A link to the article's original page, when it has a web address. */
export function originalLink(url) {
  if (!/^https?:\/\//i.test(url || "")) return null;
  return el("a", { cls: "original", text: "original ↗", attrs: { href: url, target: "_blank", rel: "noopener noreferrer" } });
}

export function outletLink(source) {
  return source ? el("a", { cls: "outlet-link", text: source, attrs: { href: sourceHref(source) } }) : null;
}

/** A headline linking to the article view; the headline is the article's title, never its id. */
export function headlineLink(id, title) {
  return el("a", { cls: "headline", text: title || "Read the article", attrs: { href: articleHref(id) } });
}

/** A quote row: the words, who said them (a link to their page), and where: the article's
 * headline (opens the article), its outlet (the outlet's page), its day and the original. */
export function quoteItem(quote, { showSpeaker = true, clamp = false } = {}) {
  const who = el("p", { cls: "cite" });
  if (showSpeaker) {
    const name = quote.speaker_name || "unattributed";
    who.append(quote.speaker_entity_id
      ? el("a", { cls: "who", text: `— ${name}`, attrs: { href: speakerHref(quote.speaker_entity_id) } })
      : el("span", { cls: "who", text: `— ${name}` }));
  }
  const where = el("p", { cls: "where" }, headlineLink(quote.article_id, quote.title));
  const facts = [outletLink(quote.source), day(quote.published_at) && el("span", { text: day(quote.published_at) }), originalLink(quote.url)];
  for (const fact of facts.filter(Boolean)) where.append(el("span", { cls: "sep", text: "·", attrs: { "aria-hidden": "true" } }), fact);
  return el("li", { cls: "quote" }, quoteBlock(quote.text, clamp), showSpeaker ? who : null, where);
}

/** An article row: headline (opens the article), outlet, day, what was found, the original. */
export function articleItem(article) {
  const facts = [
    outletLink(article.source),
    day(article.published_at) && el("span", { text: day(article.published_at) }),
    typeof article.quotes === "number" && el("span", { text: plural(article.quotes, "quote") }),
    originalLink(article.url),
  ].filter(Boolean);
  const meta = el("p", { cls: "where" });
  facts.forEach((fact, i) => {
    if (i) meta.append(el("span", { cls: "sep", text: "·", attrs: { "aria-hidden": "true" } }));
    meta.append(fact);
  });
  const people = (article.people || []).slice(0, 4);
  const names = people.length ? el("p", { cls: "names", text: `Names ${people.join(", ")}${article.people.length > 4 ? "…" : ""}` }) : null;
  return el("li", { cls: "article", attrs: { "data-id": article.id } }, headlineLink(article.id, article.title), meta, names);
}
