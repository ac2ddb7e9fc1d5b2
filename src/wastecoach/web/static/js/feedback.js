// Feedback on a scan result: was the item right (and if not, which item it was), was the
// advice useful. Sent once as POST /scans/{id}/feedback, then thanked in a live region.

import { api } from "./api.js";
import { h, say, uniqueId } from "./dom.js";
import { t } from "./i18n.js";

/** Two toggle buttons in a named group; onChoose(value) gets true or false. */
function yesNo(legend, yesText, noText, onChoose) {
  const legendId = uniqueId("feedback-q");
  const buttons = [
    [true, yesText],
    [false, noText],
  ].map(([value, text]) =>
    h("button", {
      type: "button",
      class: "secondary toggle",
      "aria-pressed": "false",
      text,
      onclick: (event) => {
        for (const button of buttons) button.setAttribute("aria-pressed", String(button === event.currentTarget));
        onChoose(value);
      },
    }),
  );
  return h(
    "fieldset",
    { class: "question feedback-question", "aria-labelledby": legendId },
    h("legend", { id: legendId, text: legend }),
    h("div", { class: "options" }, buttons),
  );
}

/** "Which item was it?": a search box and the hits as toggle buttons; onPick(item|null). */
function itemPicker(onPick) {
  const inputId = uniqueId("feedback-item");
  const input = h("input", { id: inputId, type: "search", maxlength: "200", autocomplete: "off" });
  const status = h("p", { class: "small", role: "status", "aria-live": "polite", hidden: true });
  const list = h("ul", { class: "result-list feedback-hits" });
  const form = h(
    "form",
    { class: "feedback-pick", role: "search", hidden: true },
    h("label", { for: inputId, text: t("feedback.searchLabel") }),
    h("div", { class: "inline" }, input, h("button", { type: "submit", text: t("feedback.searchButton") })),
    status,
    list,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const query = input.value.trim();
    if (!query) return;
    onPick(null);
    list.replaceChildren();
    say(status, t("search.searching"));
    try {
      const params = new URLSearchParams({ q: query, limit: "5" });
      const body = await api(`/recycling/items?${params}`, { auth: false });
      say(status, body.results.length ? t("feedback.pickOne") : t("feedback.noHits"));
      const buttons = body.results.map((item) =>
        h(
          "button",
          {
            type: "button",
            class: "result-button toggle",
            "aria-pressed": "false",
            onclick: (clicked) => {
              for (const button of buttons) {
                button.setAttribute("aria-pressed", String(button === clicked.currentTarget));
              }
              onPick(item);
            },
          },
          h("span", { class: "result-name", text: item.name }),
          h("span", { class: "chip", text: item.category_label }),
        ),
      );
      list.replaceChildren(...buttons.map((button) => h("li", {}, button)));
    } catch (error) {
      say(status, error.message, "error");
    }
  });
  return form;
}

/** The feedback block at the end of the result card of scan scanId. */
export function feedbackSection(scanId) {
  const titleId = uniqueId("feedback-title");
  const answer = { item_correct: null, actual_item_id: null, advice_useful: null };
  // tabindex: focus moves here once the form (and the focused button) is gone.
  const status = h("p", {
    class: "small feedback-status",
    role: "status",
    "aria-live": "polite",
    tabindex: "-1",
    hidden: true,
  });
  const picked = h("p", { class: "small", hidden: true });
  const send = h("button", { type: "button", class: "primary wide", disabled: true, text: t("feedback.send") });
  const refresh = () => {
    send.disabled = answer.item_correct === null && answer.advice_useful === null;
  };
  const picker = itemPicker((item) => {
    answer.actual_item_id = item?.id ?? null;
    picked.hidden = !item;
    picked.textContent = item ? t("feedback.picked", { name: item.name }) : "";
  });
  const itemQuestion = yesNo(t("feedback.itemQuestion"), t("feedback.itemYes"), t("feedback.itemNo"), (correct) => {
    answer.item_correct = correct;
    picker.hidden = correct;
    if (correct) {
      answer.actual_item_id = null;
      picked.hidden = true;
    } else {
      picker.querySelector("input").focus();
    }
    refresh();
  });
  itemQuestion.append(picker, picked);
  const adviceQuestion = yesNo(t("feedback.adviceQuestion"), t("feedback.adviceYes"), t("feedback.adviceNo"), (useful) => {
    answer.advice_useful = useful;
    refresh();
  });
  // Not a <form>: the item search inside is one, and forms must not nest.
  const form = h("div", { class: "feedback-form stack" }, itemQuestion, adviceQuestion, send);
  const section = h(
    "section",
    { class: "card-section feedback", "aria-labelledby": titleId },
    h("h4", { id: titleId, text: t("feedback.title") }),
    form,
    status,
  );
  send.addEventListener("click", async () => {
    send.disabled = true;
    say(status, t("feedback.sending"));
    try {
      await api(`/scans/${encodeURIComponent(scanId)}/feedback`, { method: "POST", json: answer });
      form.remove();
      say(status, t("feedback.thanks"));
      status.focus();
    } catch (error) {
      say(status, error.message, "error");
      refresh();
    }
  });
  return section;
}
