// Small DOM helpers shared by the panels. Text from the API goes in through textContent only.

export const $ = (id) => document.getElementById(id);

export function el(tag, { cls, text, attrs } = {}, ...children) {
  const element = document.createElement(tag);
  if (cls) element.className = cls;
  if (text !== undefined && text !== null) element.textContent = String(text);
  for (const [key, value] of Object.entries(attrs || {})) element.setAttribute(key, String(value));
  element.append(...children.filter(Boolean));
  return element;
}

export const fmt = new Intl.NumberFormat();
export const plural = (n, word) => `${fmt.format(n)} ${word}${n === 1 ? "" : "s"}`;
export const isoDay = (date) => date.toISOString().slice(0, 10);
export const articleHref = (id) => `#article=${encodeURIComponent(id)}`;

/** The quote's text; the page adds quotation marks only when the text has none of its own. */
export function quoteBlock(text, clamp) {
  const marked = /^[\s]*["“”«‘'„]/.test(text);
  return el("blockquote", { cls: [clamp ? "clamp" : "", marked ? "" : "marks"].join(" ").trim(), text });
}

/** Replaces `list`'s rows with `render(item, index)` for each item, or one `emptyText` row. */
export function fill(list, items, render, emptyText) {
  const rows = items.map(render);
  if (!rows.length) rows.push(el("li", { cls: "empty", text: emptyText }));
  list.replaceChildren(...rows);
}
