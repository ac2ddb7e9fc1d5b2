// The browser's position, with reasons a person can read when it is not available.

import { t } from "./i18n.js";

export function getPosition() {
  return new Promise((resolve, reject) => {
    if (!navigator.geolocation) {
      reject(new Error(t("errors.geoUnavailable")));
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (pos) => resolve({ lat: pos.coords.latitude, lon: pos.coords.longitude }),
      (error) => {
        const key =
          error.code === error.PERMISSION_DENIED
            ? "errors.geoDenied"
            : error.code === error.TIMEOUT
              ? "errors.geoTimeout"
              : "errors.geoUnavailable";
        reject(new Error(t(key)));
      },
      { enableHighAccuracy: false, timeout: 10000, maximumAge: 60000 },
    );
  });
}
