// Collection points: ALWAYS a distance-sorted list with map hand-off buttons, plus a Leaflet
// map when Leaflet and the tiles load (the list stays the only view when they do not).

import { api } from "./api.js";
import { formatDistance, t } from "./i18n.js";
import { h } from "./dom.js";

const TILE_GIVE_UP_MS = 2500;
const TILE_ERRORS_BEFORE_GIVING_UP = 3;
let leaflet = null;

function meta(name) {
  return document.querySelector(`meta[name="${name}"]`)?.getAttribute("content") ?? "";
}

function mapConfigured() {
  return meta("wastecoach-map") === "true" && Boolean(meta("wastecoach-tile-url"));
}

function loadStylesheet(href) {
  return new Promise((resolve, reject) => {
    if (document.querySelector(`link[href="${href}"]`)) {
      resolve();
      return;
    }
    const link = h("link", { rel: "stylesheet", href });
    link.addEventListener("load", () => resolve());
    link.addEventListener("error", () => reject(new Error(`cannot load ${href}`)));
    document.head.append(link);
  });
}

function loadLeaflet() {
  leaflet ??= Promise.all([
    loadStylesheet("/vendor/leaflet/leaflet.css"),
    import("/vendor/leaflet/leaflet-src.esm.js"),
  ]).then(([, module]) => module);
  return leaflet;
}

export function fetchNearby({ lat, lon, accepts, limit = 10 }) {
  const query = new URLSearchParams({ lat: String(lat), lon: String(lon), limit: String(limit) });
  if (accepts) query.set("accepts", accepts);
  return api(`/locations/nearby?${query}`, { auth: false });
}

function isTouchDevice() {
  return window.matchMedia?.("(pointer: coarse)").matches ?? false;
}

function mapLinks(point) {
  const links = point.links ?? {};
  // The Kakao app link routes from the searched position; on a desktop only the web link works.
  const kakao = isTouchDevice() && links.kakao_app ? links.kakao_app : links.kakao_web;
  const entries = [
    ["kakao", kakao],
    ["naver", links.naver_app],
    ["google", links.google_web],
  ];
  return entries
    .filter(([, href]) => typeof href === "string" && href)
    .map(([app, href]) => {
      const web = href.startsWith("https://");
      return h("a", {
        class: `map-link map-link-${app}`,
        href,
        target: web ? "_blank" : null,
        rel: web ? "noopener noreferrer" : null,
        "aria-label": t("places.directions", { name: point.name, app: t(`places.${app}`) }),
        text: t(`places.${app}`),
      });
    });
}

function pointItem(point, index, headingLevel) {
  const details = [];
  if (point.address) details.push(h("p", { class: "place-address", text: point.address }));
  if (point.open_now === true) details.push(h("p", { class: "badge ok", text: t("places.openNow") }));
  if (point.open_now === false) {
    details.push(h("p", { class: "badge muted", text: t("places.closedNow") }));
  }
  if (point.opening_hours) {
    details.push(h("p", { class: "small", text: `${t("places.hours")}: ${point.opening_hours}` }));
  }
  if (point.phone) {
    details.push(
      h("p", { class: "small" }, `${t("places.phone")}: `, h("a", { href: `tel:${point.phone}`, text: point.phone })),
    );
  }
  if (point.accepts?.length) {
    details.push(h("p", { class: "small", text: `${t("places.accepts")}: ${point.accepts.join(", ")}` }));
  }
  const source = [point.provider, point.data_date].filter(Boolean).join(" · ");
  if (source) details.push(h("p", { class: "small muted", text: `${t("places.source")}: ${source}` }));
  return h(
    "li",
    { class: "place", id: `place-${point.id}-${index}`, tabindex: "-1" },
    h("span", { class: "place-number", "aria-hidden": "true", text: String(index + 1) }),
    h(
      "div",
      { class: "place-body" },
      h(`h${headingLevel}`, { class: "place-name", text: point.name }),
      h("p", { class: "place-meta" }, `${point.kind_label} · `, h("strong", { text: formatDistance(point.distance_m) })),
      details,
      h("div", { class: "map-links" }, mapLinks(point)),
    ),
  );
}

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function drawMap(holder, points, origin, listItems) {
  if (!mapConfigured() || navigator.onLine === false) return;
  let L;
  try {
    L = await loadLeaflet();
  } catch {
    return; // no Leaflet: the list is the view
  }
  if (!holder.isConnected) return;
  holder.hidden = false;
  const map = L.map(holder, { scrollWheelZoom: false, zoomControl: true });
  const tiles = L.tileLayer(meta("wastecoach-tile-url"), {
    maxZoom: 19,
    attribution: escapeHtml(meta("wastecoach-tile-attribution")),
  });
  let loaded = 0;
  let gaveUp = false;
  const giveUp = () => {
    if (gaveUp || loaded > 0) return;
    gaveUp = true;
    map.remove();
    holder.hidden = true;
    holder.nextElementSibling?.removeAttribute("hidden"); // the "map unavailable" note
  };
  tiles.on("tileload", () => {
    loaded += 1;
  });
  let failed = 0;
  tiles.on("tileerror", () => {
    failed += 1;
    // Offline or blocked: the first tiles all fail at once, so stop showing an empty map now.
    if (failed >= TILE_ERRORS_BEFORE_GIVING_UP) giveUp();
    else setTimeout(giveUp, TILE_GIVE_UP_MS);
  });
  tiles.addTo(map);
  const bounds = [];
  points.forEach((point, index) => {
    const marker = L.marker([point.lat, point.lon], {
      title: `${index + 1}. ${point.name}`,
      alt: `${index + 1}. ${point.name}`,
      icon: L.divIcon({
        className: "map-pin",
        html: `<span>${index + 1}</span>`,
        iconSize: [28, 28],
        iconAnchor: [14, 14],
      }),
    });
    marker.on("click", () => {
      listItems[index].scrollIntoView({ behavior: "smooth", block: "nearest" });
      listItems[index].focus({ preventScroll: true });
    });
    marker.addTo(map);
    bounds.push([point.lat, point.lon]);
  });
  if (origin) {
    L.circleMarker([origin.lat, origin.lon], { radius: 7, color: "#1d4ed8", fillOpacity: 0.9 })
      .bindTooltip(t("places.you"))
      .addTo(map);
    bounds.push([origin.lat, origin.lon]);
  }
  if (bounds.length === 1) map.setView(bounds[0], 16);
  else map.fitBounds(bounds, { padding: [24, 24], maxZoom: 17 });
}

/** Replace container's content with the map (when possible) and the list of points. */
export function renderPlaces(container, points, { origin = null, headingLevel = 3 } = {}) {
  container.replaceChildren();
  if (!points?.length) {
    container.append(h("p", { class: "muted", text: t("places.none") }));
    return;
  }
  const sorted = [...points].sort((a, b) => a.distance_m - b.distance_m);
  const items = sorted.map((point, index) => pointItem(point, index, headingLevel));
  const mapHolder = h("div", {
    class: "map",
    role: "region",
    "aria-label": t("places.mapLabel"),
    hidden: true,
  });
  const mapNote = h("p", { class: "small muted map-note", hidden: true, text: t("places.mapUnavailable") });
  container.append(
    mapHolder,
    mapNote,
    h("ol", { class: "places", "aria-label": t("places.listLabel") }, items),
  );
  drawMap(mapHolder, sorted, origin, items);
}
