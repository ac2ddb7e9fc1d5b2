// The scan result card: item, category, confidence, coaching, parts, hazards, deposit,
// questions (answered in place) and the nearby points that take the item.

import { h, uniqueId } from "./dom.js";
import { feedbackSection } from "./feedback.js";
import { formatDays, formatWon, t } from "./i18n.js";
import { getPosition } from "./geo.js";
import { fetchNearby, renderPlaces } from "./places.js";

function section(title, ...content) {
  const id = uniqueId("card-section");
  return h(
    "section",
    { class: "card-section", "aria-labelledby": id },
    h("h4", { id, text: title }),
    content,
  );
}

function categoryText(result) {
  const label = result.category_label ?? result.category;
  // Keep the official Korean name visible next to a translated label.
  return result.category && label !== result.category ? `${label} (${result.category})` : label;
}

function checklist(coaching) {
  const items = coaching.checklist.map((step) => {
    const id = uniqueId("step");
    return h(
      "li",
      { class: "step" },
      h(
        "div",
        { class: "step-row" },
        h("input", { type: "checkbox", id, checked: step.done || null }),
        h("label", { for: id, text: step.text }),
      ),
      step.why ? h("p", { class: "why" }, h("span", { class: "why-label", text: `${t("result.why")}: ` }), step.why) : null,
    );
  });
  return h("ol", { class: "checklist" }, items);
}

function partsList(parts) {
  return h(
    "ul",
    { class: "parts" },
    parts.map((part) =>
      h(
        "li",
        {},
        h("strong", { text: part.part }),
        " → ",
        h("span", { class: "chip", text: part.category }),
        h("p", { class: "small", text: part.disposal }),
      ),
    ),
  );
}

function questionForm(question, onAnswer) {
  const legendId = uniqueId("question");
  const status = h("p", { class: "small", role: "status", hidden: true });
  const otherId = uniqueId("other");
  const otherInput = h("input", { id: otherId, type: "text", maxlength: "200", autocomplete: "off" });
  const otherForm = h(
    "form",
    { class: "other-answer", hidden: true },
    h("label", { for: otherId, text: t("result.otherText") }),
    h("div", { class: "inline" }, otherInput, h("button", { type: "submit", text: t("result.otherSubmit") })),
  );
  const buttons = question.options.map((option) =>
    h("button", {
      type: "button",
      class: "secondary",
      text: option.label,
      onclick: () => {
        if (option.id === "other") {
          otherForm.hidden = false;
          otherInput.focus();
          return;
        }
        onAnswer({ [question.id]: option.id }, null, status);
      },
    }),
  );
  otherForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = otherInput.value.trim();
    if (text) onAnswer({ [question.id]: "other" }, text, status);
  });
  return h(
    "fieldset",
    { class: "question", "aria-labelledby": legendId },
    h("legend", { id: legendId, text: question.text }),
    h("div", { class: "options" }, buttons),
    otherForm,
    status,
  );
}

function districtSection(district) {
  const collection = district?.collection;
  if (!collection?.windows?.length) return null;
  const lang = document.documentElement.lang === "en" ? "en" : "ko";
  const label = collection.label?.[lang] ?? collection.waste_type;
  const place = [district.sido, district.sigungu].filter(Boolean).join(" ");
  return section(
    t("result.district", { place, label }),
    h(
      "ul",
      { class: "windows" },
      collection.windows.map((slot) =>
        h(
          "li",
          {},
          h("strong", { text: formatDays(slot.days) }),
          slot.start_time ? ` ${slot.start_time}–${slot.end_time ?? ""}` : "",
          slot.areas?.length ? h("span", { class: "small muted", text: ` (${slot.areas.join(", ")})` }) : "",
        ),
      ),
    ),
    collection.provider ? h("p", { class: "small muted", text: `${collection.provider} · ${collection.data_date ?? ""}` }) : null,
  );
}

function nearbyFinder(holder, category) {
  const status = h("p", { class: "small", role: "status", hidden: true });
  const button = h("button", {
    type: "button",
    class: "secondary",
    text: t("result.findNearby"),
    onclick: async () => {
      button.disabled = true;
      status.hidden = false;
      status.textContent = t("places.searching");
      try {
        const origin = await getPosition();
        const body = await fetchNearby({ ...origin, accepts: category, limit: 5 });
        status.textContent = body.points.length
          ? t("places.found", { count: body.points.length })
          : t("places.none");
        renderPlaces(holder, body.points, { origin, headingLevel: 5 });
      } catch (error) {
        status.textContent = error.message;
        status.classList.add("is-error");
      } finally {
        button.disabled = false;
      }
    },
  });
  return h("div", { class: "stack" }, button, status);
}

/** Render a finished (or failed) scan into container; onAnswer(answers, text, statusEl). */
export function renderScanResult(container, scan, { onAnswer }) {
  container.replaceChildren();
  const titleId = uniqueId("result-title");
  const card = h("article", { class: "card result", "aria-labelledby": titleId, tabindex: "-1" });
  container.append(card);
  if (scan.status === "failed" || !scan.result) {
    card.append(
      h("h3", { id: titleId, text: t("result.title") }),
      h("p", { class: "error", text: scan.error?.message ?? t("stage.failed") }),
    );
    return card;
  }
  const result = scan.result;
  const pct = Math.round((result.confidence ?? 0) * 100);
  card.append(
    h("p", { class: "eyebrow", text: t("result.title") }),
    h("h3", { id: titleId, class: "item-name", text: result.item_name ?? t("result.unknownItem") }),
  );
  if (result.category) {
    card.append(
      h(
        "p",
        { class: "category" },
        h("span", { class: "small muted", text: `${t("result.category")} ` }),
        h("span", { class: "chip chip-strong", "data-testid": "result-category", text: categoryText(result) }),
      ),
    );
  }
  card.append(
    h(
      "div",
      { class: "confidence" },
      h("label", { for: `${titleId}-confidence`, text: t("result.confidence", { pct }) }),
      h("meter", { id: `${titleId}-confidence`, min: "0", max: "100", low: "40", high: "70", optimum: "100", value: String(pct) }),
    ),
  );
  if (result.uncertain) card.append(h("p", { class: "notice", text: t("result.uncertain") }));

  const coaching = result.coaching;
  if (coaching?.message) card.append(h("p", { class: "coach-message", text: coaching.message }));
  if (result.questions?.length) {
    card.append(section(t("result.questions"), result.questions.map((q) => questionForm(q, onAnswer))));
  }
  if (result.conditions?.length) {
    card.append(
      section(
        t("result.conditions"),
        h("ul", { class: "chips" }, result.conditions.map((c) => h("li", { class: `chip state-${c.state}`, text: c.label }))),
      ),
    );
  }
  if (coaching?.checklist?.length || coaching?.why) {
    card.append(
      section(
        t("result.checklist"),
        coaching.checklist?.length ? checklist(coaching) : null,
        coaching.why
          ? h("p", { class: "coach-why" }, h("strong", { text: `${t("result.whyItMatters")} ` }), coaching.why)
          : null,
      ),
    );
  }
  if (result.disposal) {
    const disposal = result.condition ? `${result.condition} ${result.disposal}` : result.disposal;
    card.append(section(t("result.disposal"), h("p", { class: "result-disposal", text: disposal })));
  }
  if (coaching?.parts?.length) card.append(section(t("result.parts"), partsList(coaching.parts)));
  if (result.hazards?.length) {
    card.append(
      h(
        "section",
        { class: "card-section hazards", "aria-label": t("result.hazards") },
        h("h4", { text: `⚠ ${t("result.hazards")}` }),
        h("ul", {}, result.hazards.map((hazard) => h("li", { text: hazard }))),
      ),
    );
  }
  if (result.deposit_krw) {
    card.append(h("p", { class: "deposit", text: t("result.deposit", { amount: formatWon(result.deposit_krw) }) }));
  }
  if (coaching?.tip) card.append(h("p", { class: "tip" }, h("strong", { text: `${t("result.tip")}: ` }), coaching.tip));
  const district = districtSection(result.district);
  if (district) card.append(district);
  const holder = h("div", { class: "nearby" });
  if (result.nearby?.length) {
    card.append(section(t("result.nearby"), holder));
    const origin = scan.lat != null && scan.lon != null ? { lat: scan.lat, lon: scan.lon } : null;
    renderPlaces(holder, result.nearby, { origin, headingLevel: 5 });
  } else if (result.category) {
    card.append(section(t("result.nearby"), nearbyFinder(holder, result.category), holder));
  }
  if (scan.id) card.append(feedbackSection(scan.id));
  return card;
}
