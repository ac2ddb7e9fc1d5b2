// Entry point: wires the page's sections to the API.

import { ApiError, api } from "./js/api.js";
import { byId, h, say } from "./js/dom.js";
import { getPosition } from "./js/geo.js";
import { applyStatic, currentLang, onLanguageChange, setLang, t } from "./js/i18n.js";
import { refreshHistory, setUpHistory } from "./js/history.js";
import { fetchNearby, renderPlaces } from "./js/places.js";
import { renderScanResult } from "./js/result.js";
import { answerScan, followScan, getScan, stageText, submitScan } from "./js/scan.js";
import { setUpSchedule } from "./js/schedule.js";
import { setUpSearch } from "./js/search.js";
import {
  availableProviders,
  ensureSession,
  isGuest,
  login,
  logoutToGuest,
  onSessionChange,
} from "./js/session.js";

let currentScanId = null;
let providers = [];

// ---- account -----------------------------------------------------------------------------

async function showAccount() {
  const status = byId("account-status");
  if (isGuest()) {
    say(status, t("account.guest"));
  } else {
    say(status, t("account.user"));
    try {
      const me = await api("/users/me");
      const name = me.display_name || me.email;
      if (name) say(status, t("account.userNamed", { name }));
    } catch {
      // The generic text stays.
    }
  }
  for (const button of document.querySelectorAll("[data-provider]")) {
    button.hidden = !isGuest() || !providers.includes(button.dataset.provider);
  }
  byId("login-none").hidden = !isGuest() || providers.length > 0;
  byId("guest-button").hidden = isGuest();
}

function setUpAccount() {
  for (const button of document.querySelectorAll("[data-provider]")) {
    button.addEventListener("click", async () => {
      const message = byId("account-message");
      say(message, t("account.redirecting"));
      try {
        await login(button.dataset.provider);
      } catch (error) {
        if (error instanceof ApiError && error.code === "provider_not_configured") {
          providers = providers.filter((p) => p !== button.dataset.provider);
          await showAccount();
        }
        say(message, error.message, "error");
      }
    });
  }
  byId("guest-button").addEventListener("click", async () => {
    await logoutToGuest();
    await showAccount();
    refreshHistory();
  });
  onSessionChange(() => showAccount());
  onLanguageChange(() => showAccount());
}

// ---- scanning ----------------------------------------------------------------------------

let chosenFile = null;
let previewUrl = null;

function choosePhoto(file) {
  chosenFile = file ?? null;
  const preview = byId("photo-preview");
  if (previewUrl) URL.revokeObjectURL(previewUrl);
  previewUrl = null;
  if (!chosenFile) {
    preview.hidden = true;
    byId("photo-name").textContent = t("scan.noPhoto");
    return;
  }
  byId("photo-name").textContent = t("scan.chosen", { name: chosenFile.name || "photo" });
  previewUrl = URL.createObjectURL(chosenFile);
  preview.onerror = () => {
    preview.hidden = true; // e.g. HEIC: the browser cannot show it, the server can read it
  };
  preview.src = previewUrl;
  preview.hidden = false;
}

function showProgress(scan) {
  const bar = byId("scan-progress-bar");
  bar.value = scan.progress ?? 0;
  say(byId("scan-status"), stageText(scan), scan.status === "failed" ? "error" : "info");
}

function showResult(scan, { focus = true } = {}) {
  currentScanId = scan.id;
  const card = renderScanResult(byId("scan-result"), scan, { onAnswer });
  if (focus) card.focus();
}

async function onAnswer(answers, text, statusEl) {
  statusEl.hidden = false;
  statusEl.textContent = t("result.answering");
  try {
    const scan = await answerScan(currentScanId, answers, text);
    showResult(scan);
    say(byId("scan-status"), t("result.answered"));
    refreshHistory();
  } catch (error) {
    statusEl.textContent = error.message;
    statusEl.classList.add("is-error");
  }
}

async function runScan(event) {
  event.preventDefault();
  const status = byId("scan-status");
  const submit = byId("scan-submit");
  if (!chosenFile) {
    say(status, t("scan.needPhoto"), "error");
    byId("photo-camera").focus();
    return;
  }
  submit.disabled = true;
  byId("scan-progress").hidden = false;
  byId("scan-progress-bar").value = 0;
  byId("scan-result").replaceChildren();
  try {
    let position = null;
    if (byId("scan-location").checked) {
      say(status, t("scan.locating"));
      try {
        position = await getPosition();
      } catch (error) {
        say(status, t("scan.locationFailed", { reason: error.message }));
      }
    }
    say(status, t("scan.uploading"));
    const accepted = await submitScan({
      file: chosenFile,
      hint: byId("scan-hint").value.trim(),
      position,
    });
    currentScanId = accepted.scan_id;
    const scan = await followScan(accepted, showProgress);
    showProgress(scan);
    showResult(scan);
    refreshHistory();
  } catch (error) {
    say(status, error.message, "error");
  } finally {
    submit.disabled = false;
  }
}

function setUpScan() {
  for (const id of ["photo-camera", "photo-upload"]) {
    byId(id).addEventListener("change", (event) => choosePhoto(event.target.files?.[0]));
  }
  byId("scan-form").addEventListener("submit", runScan);
  onLanguageChange(async () => {
    if (chosenFile) byId("photo-name").textContent = t("scan.chosen", { name: chosenFile.name });
    else byId("photo-name").textContent = t("scan.noPhoto");
    if (currentScanId && byId("scan-result").childElementCount) {
      try {
        showResult(await getScan(currentScanId), { focus: false });
      } catch {
        // Keep the card in the previous language.
      }
    }
  });
}

async function openScan(scanId) {
  try {
    const scan = await getScan(scanId);
    byId("scan-progress").hidden = true;
    showResult(scan);
    byId("scan-section").scrollIntoView({ behavior: "smooth" });
  } catch (error) {
    say(byId("history-status"), error.message, "error");
  }
}

// ---- nearby points -----------------------------------------------------------------------

let lastNearby = null;

async function loadCategories() {
  const select = byId("places-accepts");
  const chosen = select.value;
  try {
    const categories = await api("/recycling/categories", { auth: false });
    select.replaceChildren(
      h("option", { value: "", text: t("places.any") }),
      ...categories.map((c) => h("option", { value: c.name, text: c.label })),
    );
    select.value = chosen;
  } catch {
    select.replaceChildren(h("option", { value: "", text: t("places.any") }));
  }
}

async function findPlaces(origin) {
  const status = byId("places-status");
  say(status, t("places.searching"));
  try {
    const position = origin ?? (await getPosition());
    const accepts = byId("places-accepts").value;
    const body = await fetchNearby({ ...position, accepts, limit: 10 });
    lastNearby = position;
    say(
      status,
      body.points.length ? t("places.found", { count: body.points.length }) : t("places.none"),
    );
    renderPlaces(byId("places-results"), body.points, { origin: position, headingLevel: 3 });
  } catch (error) {
    say(status, error.message, "error");
  }
}

function setUpPlaces() {
  byId("places-form").addEventListener("submit", (event) => {
    event.preventDefault();
    findPlaces(null);
  });
  onLanguageChange(async () => {
    await loadCategories();
    if (lastNearby) findPlaces(lastNearby);
  });
  loadCategories();
}

// ---- start -------------------------------------------------------------------------------

function setUpLanguage() {
  const toggle = byId("lang-toggle");
  // The button names the other language in that language.
  const sync = () => {
    toggle.lang = currentLang() === "ko" ? "en" : "ko";
  };
  toggle.addEventListener("click", () => setLang(currentLang() === "ko" ? "en" : "ko"));
  onLanguageChange(sync);
  sync();
}

async function start() {
  applyStatic();
  setUpLanguage();
  setUpAccount();
  setUpScan();
  setUpPlaces();
  setUpSearch();
  setUpSchedule();
  setUpHistory(openScan);
  const accountStatus = byId("account-status");
  say(accountStatus, t("account.starting"));
  try {
    const { fromLogin } = await ensureSession();
    providers = await availableProviders();
    await showAccount();
    if (fromLogin) say(byId("account-message"), t("account.signedIn"));
    await refreshHistory();
  } catch (error) {
    say(accountStatus, error.message, "error");
  }
  document.body.dataset.ready = "true";
}

start();
