// My scans, newest first (GET /users/me/scans); each one reopens in the result area.

import { api } from "./api.js";
import { byId, h, say } from "./dom.js";
import { formatDateTime, onLanguageChange, t } from "./i18n.js";

const PAGE = 10;
let shown = PAGE;
let openScan = null;

export async function refreshHistory() {
  const list = byId("history-list");
  const status = byId("history-status");
  try {
    const page = await api(`/users/me/scans?${new URLSearchParams({ limit: String(shown) })}`);
    say(status, page.items.length ? "" : t("history.empty"));
    list.replaceChildren(
      ...page.items.map((scan) =>
        h(
          "li",
          { class: "history-item" },
          h(
            "div",
            {},
            h("p", { class: "history-name", text: scan.item_name ?? t("history.unknown") }),
            h(
              "p",
              { class: "small muted" },
              formatDateTime(scan.created_at),
              " · ",
              t(`history.status.${scan.status}`),
              scan.category ? ` · ${scan.category}` : "",
            ),
          ),
          h("button", {
            type: "button",
            class: "secondary",
            "aria-label": `${t("history.open")}: ${scan.item_name ?? t("history.unknown")}, ${formatDateTime(scan.created_at)}`,
            text: t("history.open"),
            onclick: () => openScan?.(scan.id),
          }),
        ),
      ),
    );
    byId("history-more").hidden = page.total <= page.items.length;
  } catch (error) {
    say(status, error.message, "error");
  }
}

/** onOpen(scanId) shows a scan in the result area. */
export function setUpHistory(onOpen) {
  openScan = onOpen;
  byId("history-refresh").addEventListener("click", refreshHistory);
  byId("history-more").addEventListener("click", () => {
    shown += PAGE;
    refreshHistory();
  });
  onLanguageChange(refreshHistory);
}
