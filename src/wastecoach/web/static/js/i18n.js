// User-facing strings (Korean first, English second) and the language switch.
// Texts that come from the API are already in the requested language (Accept-Language).

export const STRINGS = {
  ko: {
    appName: "AI 분리배출 코치",
    tagline: "사진 한 장으로 분리배출 방법을 알려 드려요",
    skip: "본문으로 건너뛰기",
    "lang.toggle": "English",
    "lang.toggleLabel": "Switch to English",
    "nav.label": "바로 가기",
    "nav.scan": "사진 확인",
    "nav.places": "수거함",
    "nav.search": "검색",
    "nav.schedule": "배출 요일",
    "nav.history": "내 기록",
    "nav.account": "계정",

    "scan.title": "사진으로 분리배출 확인",
    "scan.intro": "버릴 물건을 찍거나 사진을 고르면 어떻게 버리는지 알려 드려요.",
    "scan.camera": "사진 찍기",
    "scan.upload": "사진 고르기",
    "scan.photoHelp": "JPEG, PNG, WebP, HEIC · 최대 10MB",
    "scan.noPhoto": "아직 사진을 고르지 않았어요.",
    "scan.chosen": "선택한 사진: {name}",
    "scan.previewAlt": "선택한 사진 미리 보기",
    "scan.hint": "무엇인지 알려 주세요 (선택)",
    "scan.hintPlaceholder": "예: 우유팩, 컵라면 용기",
    "scan.useLocation": "내 위치로 가까운 수거함도 찾기",
    "scan.submit": "분석하기",
    "scan.needPhoto": "먼저 사진을 찍거나 골라 주세요.",
    "scan.locating": "위치를 확인하는 중…",
    "scan.locationFailed": "위치를 확인하지 못해 위치 없이 분석해요. ({reason})",
    "scan.uploading": "사진을 올리는 중…",
    "scan.progressLabel": "분석 진행률",
    "scan.timeout": "분석이 오래 걸리고 있어요. 잠시 후 내 기록에서 다시 확인해 주세요.",
    "stage.queued": "순서를 기다리는 중…",
    "stage.classify": "사진을 살펴보는 중…",
    "stage.match": "품목을 확인하는 중…",
    "stage.coach": "배출 방법을 정리하는 중…",
    "stage.nearby": "가까운 수거함을 찾는 중…",
    "stage.done": "분석이 끝났어요.",
    "stage.failed": "분석하지 못했어요.",
    "stage.other": "분석하는 중…",

    "result.title": "분석 결과",
    "result.unknownItem": "무엇인지 알아보지 못했어요",
    "result.category": "분리배출 구분",
    "result.confidence": "확신도 {pct}%",
    "result.uncertain": "확실하지 않아요. 아래 질문에 답해 주시면 더 정확해져요.",
    "result.conditions": "사진에서 본 상태",
    "result.checklist": "이렇게 버려요",
    "result.why": "이유",
    "result.whyItMatters": "왜 이렇게 버리나요?",
    "result.disposal": "배출 방법",
    "result.parts": "부분별로 나눠 버려요",
    "item.variants": "이럴 땐 다르게 버려요",
    "result.hazards": "주의하세요",
    "result.deposit": "빈용기 보증금 {amount}을 돌려받을 수 있어요.",
    "result.questions": "확인이 필요해요",
    "result.otherText": "무엇인지 적어 주세요",
    "result.otherSubmit": "보내기",
    "result.answering": "답변을 반영하는 중…",
    "result.answered": "답변을 반영했어요.",
    "result.nearby": "이 품목을 받는 가까운 곳",
    "result.district": "{place}의 {label} 배출 요일",
    "result.tip": "팁",
    "result.candidates": "다른 후보",
    "result.findNearby": "내 위치 주변에서 찾기",

    "feedback.title": "결과가 어땠나요?",
    "feedback.itemQuestion": "품목을 맞게 알아봤나요?",
    "feedback.itemYes": "맞아요",
    "feedback.itemNo": "아니에요",
    "feedback.searchLabel": "실제 품목을 찾아 골라 주세요",
    "feedback.searchButton": "찾기",
    "feedback.pickOne": "아래에서 실제 품목을 골라 주세요.",
    "feedback.noHits": "찾지 못했어요. 다른 이름으로 찾아보세요.",
    "feedback.picked": "고른 품목: {name}",
    "feedback.adviceQuestion": "배출 안내가 도움이 됐나요?",
    "feedback.adviceYes": "도움이 됐어요",
    "feedback.adviceNo": "아니에요",
    "feedback.send": "의견 보내기",
    "feedback.sending": "보내는 중…",
    "feedback.thanks": "의견 고마워요! 더 정확한 안내를 만드는 데 쓸게요.",

    "places.title": "가까운 수거함",
    "places.intro": "내 위치에서 가까운 순서로 보여 드려요.",
    "places.accepts": "받는 품목",
    "places.any": "전체",
    "places.find": "내 위치 주변 찾기",
    "places.searching": "가까운 곳을 찾는 중…",
    "places.none": "주변에서 찾지 못했어요.",
    "places.found": "{count}곳을 찾았어요.",
    "places.mapUnavailable": "지도를 불러올 수 없어 목록으로 보여 드려요.",
    "places.mapLabel": "수거함 지도",
    "places.listLabel": "가까운 순서",
    "places.kakao": "카카오맵",
    "places.naver": "네이버 지도",
    "places.google": "Google 지도",
    "places.directions": "{name}: {app}에서 길찾기",
    "places.openNow": "지금 운영 중",
    "places.closedNow": "지금은 운영하지 않아요",
    "places.hours": "운영 시간",
    "places.phone": "전화",
    "places.source": "자료",
    "places.you": "내 위치",

    "search.title": "품목 검색",
    "search.label": "무엇을 버리나요?",
    "search.placeholder": "예: 우유팩, 아이스팩",
    "search.submit": "검색",
    "search.searching": "찾는 중…",
    "search.noMatch": "딱 맞는 품목을 찾지 못했어요. 비슷한 결과예요.",
    "search.none": "결과가 없어요.",
    "search.results": "검색 결과",
    "search.count": "결과 {count}개",
    "item.steps": "순서",
    "item.mistakes": "자주 하는 실수",
    "item.source": "출처",

    "schedule.title": "우리 동네 배출 요일",
    "schedule.sido": "시·도",
    "schedule.sidoPlaceholder": "예: 서울특별시",
    "schedule.sigungu": "시·군·구",
    "schedule.sigunguPlaceholder": "예: 종로구",
    "schedule.submit": "요일 보기",
    "schedule.byLocation": "내 위치로 보기",
    "schedule.need": "시·도와 시·군·구를 입력하거나 내 위치로 찾아 주세요.",
    "schedule.loading": "배출 요일을 불러오는 중…",
    "schedule.days": "요일",
    "schedule.time": "시간",
    "schedule.method": "방법",
    "schedule.place": "장소",
    "schedule.noCollection": "수거하지 않는 날",
    "schedule.contact": "문의",
    "schedule.dataDate": "기준일",
    "schedule.targets": "대상 지역",

    "history.title": "내 기록",
    "history.refresh": "새로 고침",
    "history.empty": "아직 기록이 없어요.",
    "history.open": "결과 보기",
    "history.unknown": "알 수 없는 품목",
    "history.more": "더 보기",
    "history.status.queued": "대기 중",
    "history.status.running": "분석 중",
    "history.status.done": "완료",
    "history.status.failed": "실패",

    "account.title": "계정",
    "account.starting": "세션을 준비하는 중…",
    "account.guest": "게스트로 사용 중이에요. 로그인하면 기록을 계정에 남길 수 있어요.",
    "account.user": "로그인되어 있어요.",
    "account.userNamed": "{name} 님으로 로그인되어 있어요.",
    "account.kakao": "카카오로 로그인",
    "account.naver": "네이버로 로그인",
    "account.google": "Google로 로그인",
    "account.guestButton": "로그아웃하고 게스트로 사용",
    "account.noProviders": "지금은 소셜 로그인을 쓸 수 없어요. 게스트로 계속 이용할 수 있어요.",
    "account.providerOff": "이 로그인 방식은 지금 쓸 수 없어요.",
    "account.redirecting": "로그인 페이지로 이동하는 중…",
    "account.signedIn": "로그인했어요.",

    "day.mon": "월",
    "day.tue": "화",
    "day.wed": "수",
    "day.thu": "목",
    "day.fri": "금",
    "day.sat": "토",
    "day.sun": "일",

    "errors.network": "서버에 연결하지 못했어요. 인터넷 연결을 확인해 주세요.",
    "errors.generic": "문제가 생겼어요. 잠시 후 다시 시도해 주세요.",
    "errors.geoDenied": "위치 권한이 없어요",
    "errors.geoUnavailable": "이 기기에서는 위치를 확인할 수 없어요",
    "errors.geoTimeout": "위치 확인 시간이 지났어요",

    "footer.data": "수거함 위치는 공공데이터와 OpenStreetMap을 바탕으로 해 실제와 다를 수 있어요.",
  },
  en: {
    appName: "AI Waste Coach",
    tagline: "Snap a photo and learn how to sort it",
    skip: "Skip to content",
    "lang.toggle": "한국어",
    "lang.toggleLabel": "한국어로 보기",
    "nav.label": "Sections",
    "nav.scan": "Scan",
    "nav.places": "Drop-off",
    "nav.search": "Search",
    "nav.schedule": "Collection days",
    "nav.history": "History",
    "nav.account": "Account",

    "scan.title": "Check by photo",
    "scan.intro": "Take or choose a photo of what you are throwing away to learn how to dispose of it.",
    "scan.camera": "Take a photo",
    "scan.upload": "Choose a photo",
    "scan.photoHelp": "JPEG, PNG, WebP or HEIC, up to 10 MB",
    "scan.noPhoto": "No photo chosen yet.",
    "scan.chosen": "Chosen photo: {name}",
    "scan.previewAlt": "Preview of the chosen photo",
    "scan.hint": "What is it? (optional)",
    "scan.hintPlaceholder": "e.g. milk carton, noodle cup",
    "scan.useLocation": "Also find drop-off points near me",
    "scan.submit": "Analyse",
    "scan.needPhoto": "Take or choose a photo first.",
    "scan.locating": "Getting your location…",
    "scan.locationFailed": "Could not get your location, so analysing without it. ({reason})",
    "scan.uploading": "Uploading the photo…",
    "scan.progressLabel": "Analysis progress",
    "scan.timeout": "This is taking a while. Check My history again shortly.",
    "stage.queued": "Waiting in line…",
    "stage.classify": "Looking at the photo…",
    "stage.match": "Identifying the item…",
    "stage.coach": "Preparing the disposal steps…",
    "stage.nearby": "Finding nearby drop-off points…",
    "stage.done": "Analysis finished.",
    "stage.failed": "The analysis failed.",
    "stage.other": "Analysing…",

    "result.title": "Result",
    "result.unknownItem": "We could not tell what this is",
    "result.category": "Official category",
    "result.confidence": "Confidence {pct}%",
    "result.uncertain": "Not sure yet. Answer the questions below to refine the result.",
    "result.conditions": "What the photo shows",
    "result.checklist": "How to dispose of it",
    "result.why": "Why",
    "result.whyItMatters": "Why this way?",
    "result.disposal": "Disposal",
    "result.parts": "Separate the parts",
    "item.variants": "When it goes elsewhere",
    "result.hazards": "Careful",
    "result.deposit": "You can get a {amount} container deposit back.",
    "result.questions": "Please check",
    "result.otherText": "Tell us what it is",
    "result.otherSubmit": "Send",
    "result.answering": "Updating with your answer…",
    "result.answered": "Updated with your answer.",
    "result.nearby": "Nearby points that take this item",
    "result.district": "{label} collection days in {place}",
    "result.tip": "Tip",
    "result.candidates": "Other candidates",
    "result.findNearby": "Find near me",

    "feedback.title": "How did we do?",
    "feedback.itemQuestion": "Did we recognise the item correctly?",
    "feedback.itemYes": "Yes",
    "feedback.itemNo": "No",
    "feedback.searchLabel": "Search for the actual item and pick it",
    "feedback.searchButton": "Search",
    "feedback.pickOne": "Pick the actual item below.",
    "feedback.noHits": "Nothing found. Try another name.",
    "feedback.picked": "Your pick: {name}",
    "feedback.adviceQuestion": "Was the disposal advice helpful?",
    "feedback.adviceYes": "Helpful",
    "feedback.adviceNo": "Not helpful",
    "feedback.send": "Send feedback",
    "feedback.sending": "Sending…",
    "feedback.thanks": "Thank you! We use your feedback to improve the advice.",

    "places.title": "Nearby drop-off points",
    "places.intro": "Nearest to you first.",
    "places.accepts": "Accepts",
    "places.any": "Anything",
    "places.find": "Find near me",
    "places.searching": "Looking for nearby points…",
    "places.none": "Nothing found nearby.",
    "places.found": "Found {count}.",
    "places.mapUnavailable": "The map could not load, so here is the list.",
    "places.mapLabel": "Map of drop-off points",
    "places.listLabel": "Nearest first",
    "places.kakao": "Kakao Map",
    "places.naver": "Naver Map",
    "places.google": "Google Maps",
    "places.directions": "Directions to {name} in {app}",
    "places.openNow": "Open now",
    "places.closedNow": "Closed now",
    "places.hours": "Hours",
    "places.phone": "Phone",
    "places.source": "Data",
    "places.you": "You are here",

    "search.title": "Search items",
    "search.label": "What are you throwing away?",
    "search.placeholder": "e.g. ice pack",
    "search.submit": "Search",
    "search.searching": "Searching…",
    "search.noMatch": "No exact match; here are close results.",
    "search.none": "No results.",
    "search.results": "Results",
    "search.count": "{count} results",
    "item.steps": "Steps",
    "item.mistakes": "Common mistakes",
    "item.source": "Source",

    "schedule.title": "Collection days in my district",
    "schedule.sido": "Province or metropolitan city",
    "schedule.sidoPlaceholder": "e.g. 서울특별시",
    "schedule.sigungu": "City, county or district",
    "schedule.sigunguPlaceholder": "e.g. 종로구",
    "schedule.submit": "Show days",
    "schedule.byLocation": "Use my location",
    "schedule.need": "Enter both names, or use your location.",
    "schedule.loading": "Loading collection days…",
    "schedule.days": "Days",
    "schedule.time": "Time",
    "schedule.method": "How",
    "schedule.place": "Where",
    "schedule.noCollection": "No collection on",
    "schedule.contact": "Contact",
    "schedule.dataDate": "Data as of",
    "schedule.targets": "Covers",

    "history.title": "My history",
    "history.refresh": "Refresh",
    "history.empty": "No scans yet.",
    "history.open": "Open",
    "history.unknown": "Unknown item",
    "history.more": "Show more",
    "history.status.queued": "Queued",
    "history.status.running": "Running",
    "history.status.done": "Done",
    "history.status.failed": "Failed",

    "account.title": "Account",
    "account.starting": "Preparing your session…",
    "account.guest": "You are using a guest session. Sign in to keep your history in your account.",
    "account.user": "You are signed in.",
    "account.userNamed": "Signed in as {name}.",
    "account.kakao": "Sign in with Kakao",
    "account.naver": "Sign in with Naver",
    "account.google": "Sign in with Google",
    "account.guestButton": "Sign out and continue as a guest",
    "account.noProviders":
      "Social sign-in is not available right now; you can keep using the app as a guest.",
    "account.providerOff": "This sign-in method is not available right now.",
    "account.redirecting": "Opening the sign-in page…",
    "account.signedIn": "You are signed in.",

    "day.mon": "Mon",
    "day.tue": "Tue",
    "day.wed": "Wed",
    "day.thu": "Thu",
    "day.fri": "Fri",
    "day.sat": "Sat",
    "day.sun": "Sun",

    "errors.network": "Could not reach the server. Check your connection.",
    "errors.generic": "Something went wrong. Please try again.",
    "errors.geoDenied": "location permission was denied",
    "errors.geoUnavailable": "location is not available on this device",
    "errors.geoTimeout": "getting the location took too long",

    "footer.data":
      "Drop-off points come from Korean public data and OpenStreetMap and may be out of date.",
  },
};

export const LANGUAGES = ["ko", "en"];
const STORAGE_KEY = "wastecoach.lang";
const listeners = new Set();

function storedLanguage() {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return LANGUAGES.includes(value) ? value : null;
  } catch {
    return null; // storage blocked (private mode): fall back to the default
  }
}

let lang = storedLanguage() ?? "ko";

export function currentLang() {
  return lang;
}

export function t(key, vars = {}) {
  const text = STRINGS[lang][key] ?? STRINGS.ko[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (match, name) => (name in vars ? String(vars[name]) : match));
}

/** Fill every element marked with data-i18n (text) or data-i18n-<attr> (attributes). */
export function applyStatic(root = document) {
  document.documentElement.lang = lang;
  for (const el of root.querySelectorAll("[data-i18n]")) {
    el.textContent = t(el.dataset.i18n);
  }
  for (const attr of ["placeholder", "aria-label", "alt", "title"]) {
    const dataKey = `i18n${attr.replace(/(^|-)(\w)/g, (_, __, c) => c.toUpperCase())}`;
    for (const el of root.querySelectorAll(`[data-i18n-${attr}]`)) {
      el.setAttribute(attr, t(el.dataset[dataKey]));
    }
  }
}

export function setLang(next) {
  if (!LANGUAGES.includes(next) || next === lang) return;
  lang = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Not remembered across visits, but the page still switches.
  }
  applyStatic();
  for (const listener of listeners) listener(next);
}

export function onLanguageChange(listener) {
  listeners.add(listener);
}

export function formatDistance(metres) {
  // A no-break space keeps the number and its unit on one line.
  if (metres < 1000) return `${Math.round(metres)}\u00a0m`;
  return `${(metres / 1000).toFixed(metres < 10000 ? 1 : 0)}\u00a0km`;
}

const WEEK = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/** Day codes from the API ("mon" …) in the page's language, Monday first. */
export function formatDays(days) {
  const known = (day) => WEEK.includes(String(day).toLowerCase());
  const sorted = [...days].sort(
    (a, b) => WEEK.indexOf(String(a).toLowerCase()) - WEEK.indexOf(String(b).toLowerCase()),
  );
  const names = sorted.map((day) => (known(day) ? t(`day.${String(day).toLowerCase()}`) : day));
  return names.join(lang === "ko" ? "·" : ", ");
}

export function formatWon(amount) {
  return lang === "ko"
    ? `${amount.toLocaleString("ko-KR")}원`
    : `₩${amount.toLocaleString("en-US")}`;
}

export function formatDateTime(value) {
  // The API sends naive UTC timestamps; mark them as UTC before showing local time.
  const iso = /[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(lang === "ko" ? "ko-KR" : "en-GB", {
    dateStyle: "medium",
    timeStyle: "short",
  }).format(date);
}
