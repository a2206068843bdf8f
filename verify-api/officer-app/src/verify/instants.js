// The instants of docs/mark-format.md section 10: UTC, whole seconds, exactly yyyy-MM-ddTHH:mm:ssZ,
// read as java.time's Instant.parse reads them (the SDK's TrustListCodec.instant) and written as
// ISO_INSTANT writes them, so the canonical check compares the same bytes the SDK compares.

import { VerifyError } from './errors.js';


const INSTANT = /^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})Z$/;

function daysFromCivil(y, m, d) {
  // proleptic Gregorian, as java.time
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function monthLength(y, m) {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/**
 * Unix seconds of yyyy-MM-ddTHH:mm:ssZ, or BAD_VALUE — with java.time's Instant.parse quirks kept
 * (24:00:00 is the next midnight, 23:59:60 is 23:59:59): the canonical check then refuses their text.
 */
export function parseInstant(s) {
  const m = INSTANT.exec(s);
  const bad = () => new VerifyError('TRUST_LIST_BAD_VALUE', `trust list time '${s}' is not yyyy-MM-ddTHH:mm:ssZ`, 'BAD_VALUE');
  if (!m) throw bad();
  const [y, mo, d, h0, mi, s0] = m.slice(1).map(Number);
  let h = h0;
  let sec = s0;
  let extraDay = 0;
  if (h === 24 && mi === 0 && sec === 0) {
    h = 0;
    extraDay = 1;
  } else if (h === 23 && mi === 59 && sec === 60) {
    sec = 59;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > monthLength(y, mo) || h > 23 || mi > 59 || sec > 59) throw bad();
  return (daysFromCivil(y, mo, d) + extraDay) * 86400 + h * 3600 + mi * 60 + sec;
}

/** ISO_INSTANT of whole seconds (years 0000–9999 here), the canonical form. */
export function formatInstant(seconds) {
  const days = Math.floor(seconds / 86400);
  let rem = seconds - days * 86400;
  // civil from days (inverse of daysFromCivil)
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const mo = mp + (mp < 10 ? 3 : -9);
  const y = yoe + era * 400 + (mo <= 2 ? 1 : 0);
  const h = Math.floor(rem / 3600);
  rem -= h * 3600;
  const mi = Math.floor(rem / 60);
  const sec = rem - mi * 60;
  const p = (n, w = 2) => String(n).padStart(w, '0');
  return `${p(y, 4)}-${p(mo)}-${p(d)}T${p(h)}:${p(mi)}:${p(sec)}Z`;
}
