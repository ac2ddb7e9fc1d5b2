// The district's collection days (GET /recycling/schedule) by name or by position.

import { api } from "./api.js";
import { byId, h, say } from "./dom.js";
import { getPosition } from "./geo.js";
import { formatDays, onLanguageChange, t } from "./i18n.js";

let lastParams = null;

function field(label, value) {
  if (!value) return null;
  return h("div", { class: "field-row" }, h("dt", { text: label }), h("dd", { text: value }));
}

function renderArea(area) {
  const title = [area.sigungu, area.area_name].filter(Boolean).join(" · ");
  return h(
    "article",
    { class: "card area" },
    h("h3", { text: title }),
    area.area_targets ? h("p", { class: "small", text: `${t("schedule.targets")}: ${area.area_targets}` }) : null,
    h(
      "ul",
      { class: "schedule-list" },
      area.schedules.map((entry) =>
        h(
          "li",
          { class: "schedule-entry" },
          h("h4", { text: entry.label }),
          h(
            "dl",
            {},
            field(t("schedule.days"), entry.days.length ? formatDays(entry.days) : null),
            field(
              t("schedule.time"),
              entry.start_time ? `${entry.start_time}–${entry.end_time ?? ""}` : null,
            ),
            field(t("schedule.method"), entry.method),
            field(t("schedule.place"), entry.place),
          ),
        ),
      ),
    ),
    h(
      "dl",
      { class: "small" },
      field(t("schedule.place"), area.place),
      field(t("schedule.noCollection"), area.no_collection_days),
      field(
        t("schedule.contact"),
        [area.department, area.department_phone].filter(Boolean).join(" "),
      ),
      field(t("schedule.dataDate"), [area.provider, area.data_date].filter(Boolean).join(" · ")),
    ),
  );
}

async function load(params) {
  const status = byId("schedule-status");
  const output = byId("schedule-results");
  lastParams = params;
  say(status, t("schedule.loading"));
  try {
    const body = await api(`/recycling/schedule?${new URLSearchParams(params)}`, { auth: false });
    say(status, `${body.sido} ${body.sigungu}`);
    output.replaceChildren(...body.areas.map(renderArea));
  } catch (error) {
    output.replaceChildren();
    say(status, error.message, "error");
  }
}

export function setUpSchedule() {
  byId("schedule-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const sido = byId("schedule-sido").value.trim();
    const sigungu = byId("schedule-sigungu").value.trim();
    if (!sido || !sigungu) {
      say(byId("schedule-status"), t("schedule.need"), "error");
      return;
    }
    load({ sido, sigungu });
  });
  byId("schedule-locate").addEventListener("click", async () => {
    try {
      const { lat, lon } = await getPosition();
      await load({ lat: String(lat), lon: String(lon) });
    } catch (error) {
      say(byId("schedule-status"), error.message, "error");
    }
  });
  onLanguageChange(() => {
    if (lastParams) load(lastParams);
  });
}
