// Item search (GET /recycling/items) and one item's card (GET /recycling/items/{id}).

import { api } from "./api.js";
import { byId, h, say, uniqueId } from "./dom.js";
import { formatWon, onLanguageChange, t } from "./i18n.js";

let lastQuery = null;
let openItemId = null;

function list(title, items, ordered = false) {
  if (!items?.length) return null;
  return h(
    "section",
    { class: "card-section" },
    h("h4", { text: title }),
    h(ordered ? "ol" : "ul", {}, items.map((text) => h("li", { text }))),
  );
}

function renderItem(item) {
  const titleId = uniqueId("item");
  const category =
    item.category_label !== item.category
      ? `${item.category_label} (${item.category})`
      : item.category;
  return h(
    "article",
    { class: "card item", "aria-labelledby": titleId, tabindex: "-1" },
    h("h3", { id: titleId, text: item.name }),
    h("p", { class: "category" }, h("span", { class: "chip chip-strong", text: category })),
    h("p", { class: "disposal", text: item.disposal }),
    list(t("item.steps"), item.steps, true),
    item.why
      ? h("p", { class: "why" }, h("span", { class: "why-label", text: `${t("result.why")}: ` }), item.why)
      : null,
    list(t("item.mistakes"), item.mistakes),
    item.parts?.length
      ? h(
          "section",
          { class: "card-section" },
          h("h4", { text: t("result.parts") }),
          h(
            "ul",
            { class: "parts" },
            item.parts.map((part) =>
              h("li", {}, h("strong", { text: part.part }), " → ", h("span", { class: "chip", text: part.category }), h("p", { class: "small", text: part.disposal })),
            ),
          ),
        )
      : null,
    item.variants?.length
      ? h(
          "section",
          { class: "card-section variants" },
          h("h4", { text: t("item.variants") }),
          h(
            "ul",
            {},
            item.variants.map((variant) =>
              h("li", {}, h("strong", { text: variant.when }), " → ", h("span", { class: "chip", text: variant.category_label }), h("p", { class: "small", text: `${variant.disposal} ${variant.why}` })),
            ),
          ),
        )
      : null,
    item.hazards?.length
      ? h(
          "section",
          { class: "card-section hazards" },
          h("h4", { text: `⚠ ${t("result.hazards")}` }),
          h("ul", {}, item.hazards.map((text) => h("li", { text }))),
        )
      : null,
    item.deposit
      ? h("p", { class: "deposit", text: `${t("result.deposit", { amount: formatWon(item.deposit.amount_krw) })} ${item.deposit.note ?? ""}`.trim() })
      : null,
    item.tip ? h("p", { class: "tip" }, h("strong", { text: `${t("result.tip")}: ` }), item.tip) : null,
    item.source ? h("p", { class: "small muted", text: `${t("item.source")}: ${item.source}` }) : null,
  );
}

async function showItem(itemId, { focus = true } = {}) {
  const detail = byId("search-detail");
  const status = byId("search-status");
  openItemId = itemId;
  try {
    const item = await api(`/recycling/items/${encodeURIComponent(itemId)}`, { auth: false });
    const card = renderItem(item);
    detail.replaceChildren(card);
    if (focus) card.focus();
  } catch (error) {
    say(status, error.message, "error");
  }
}

function renderResults(body) {
  const results = byId("search-results");
  const status = byId("search-status");
  results.replaceChildren();
  if (!body.results.length) {
    say(status, t("search.none"));
    return;
  }
  const notes = [];
  if (body.ambiguous && body.clarification) notes.push(body.clarification);
  else if (!body.matched) notes.push(t("search.noMatch"));
  say(status, notes.join(" ") || t("search.count", { count: body.results.length }));
  if (body.ambiguous && body.clarification) {
    results.append(h("p", { class: "notice clarification", text: body.clarification }));
  }
  results.append(
    h(
      "ul",
      { class: "result-list", "aria-label": t("search.results") },
      body.results.map((result) =>
        h(
          "li",
          {},
          h(
            "button",
            {
              type: "button",
              class: "result-button",
              "aria-controls": "search-detail",
              onclick: () => showItem(result.id),
            },
            h("span", { class: "result-name", text: result.name }),
            h("span", { class: "chip", text: result.category_label }),
            h("span", {
              class: "result-disposal small",
              text: result.condition ? `${result.condition}: ${result.disposal}` : result.disposal,
            }),
          ),
        ),
      ),
    ),
  );
}

async function search(query) {
  const status = byId("search-status");
  lastQuery = query;
  say(status, t("search.searching"));
  try {
    const params = new URLSearchParams({ q: query, limit: "5" });
    renderResults(await api(`/recycling/items?${params}`, { auth: false }));
  } catch (error) {
    byId("search-results").replaceChildren();
    say(status, error.message, "error");
  }
}

export function setUpSearch() {
  const form = byId("search-form");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const query = byId("search-query").value.trim();
    if (!query) return;
    openItemId = null;
    byId("search-detail").replaceChildren();
    search(query);
  });
  onLanguageChange(async () => {
    if (lastQuery) await search(lastQuery);
    if (openItemId) await showItem(openItemId, { focus: false });
  });
}
