/**
 * One shape for each kind of fact, whatever the endpoint answered with: timestamps as ISO 8601 with an offset (UTC
 * when the API does not say; dates alone as YYYY-MM-DD), ids as integers, counts and prices as numbers, flags as
 * booleans. Applied once where results leave the server (tools, resources, prompts), not in each renderer.
 */

const MYSQL_DATETIME = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2})?)(\.\d+)?$/;
const ZERO_DATE = /^0000-00-00(?:[ T]00:00(?::00)?)?$/;
const MONTH_DATE = /^(January|February|March|April|May|June|July|August|September|October|November|December) (\d{1,2}), (\d{4})$/;
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

const ID_KEY = /^(?:id|[a-z0-9_]*_id)$/;
const IDS_KEY = /^[a-z0-9_]*_ids$/;
const NUMBER_KEY =
  /^(?:price|amount|total|subtotal|tax|quantity|count|[a-z_]+_count|visits|storage|[a-z_]+_bytes|bytes|size|port|ttl|priority|weight|progress|[a-z_]+_(?:seconds|minutes|hours|days|months)|[a-z_]+_total|credit|balance|interval)$/;
const BOOLEAN_KEY = /^(?:enabled|[a-z_]+_enabled|is_[a-z_]+|has_[a-z_]+|verified|[a-z_]+_verified|auto_renew)$/;
const TIME_KEY = /(?:_at|_on|^date|_date|^time|_time|timestamp|^created|^updated|^modified|^expires?|^started|^finished)$/;

const INTEGER_STRING = /^(?:0|-?[1-9]\d{0,14})$/;
const DECIMAL_STRING = /^-?(?:0|[1-9]\d{0,14})(?:\.\d+)?$/;

const pad = (n: number) => String(n).padStart(2, "0");

/** "-05:00" for America/New_York in winter; "Z" for UTC or a zone Intl does not know. */
export function offsetOf(timeZone: string | undefined, localIso: string): string {
  if (!timeZone || timeZone === "UTC") return "Z";
  try {
    const at = new Date(`${localIso}Z`);
    const name = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" })
      .formatToParts(at)
      .find((p) => p.type === "timeZoneName")?.value;
    const offset = name?.replace(/^GMT/, "");
    return offset && /^[+-]\d{2}:\d{2}$/.test(offset) ? offset : "Z";
  } catch {
    return "Z";
  }
}

/**
 * A timestamp string in one of the API's shapes → ISO 8601; undefined when it is not one. Without an offset, the
 * time is in `timeZone` when the answer names one (scheduled scripts), else UTC.
 */
export function isoTimestamp(text: string, timeZone?: string): string | null | undefined {
  if (ZERO_DATE.test(text)) return null;
  const mysql = MYSQL_DATETIME.exec(text);
  if (mysql) {
    const local = `${mysql[1]}T${mysql[2]!.length === 5 ? `${mysql[2]}:00` : mysql[2]}${mysql[3] ?? ""}`;
    return `${local}${offsetOf(timeZone, local)}`;
  }
  const month = MONTH_DATE.exec(text);
  if (month) return `${month[3]}-${pad(MONTHS.indexOf(month[1]!) + 1)}-${pad(Number(month[2]))}`;
  return undefined;
}

/** Epoch seconds (or milliseconds) → ISO 8601 UTC, for numbers under a timestamp key. */
export function isoFromEpoch(value: number): string | undefined {
  if (!Number.isFinite(value)) return undefined;
  const ms = value >= 1e9 && value < 1e11 ? value * 1000 : value >= 1e12 && value < 1e14 ? value : undefined;
  return ms === undefined ? undefined : new Date(ms).toISOString().replace(".000Z", "Z");
}

function shapeScalar(key: string, value: unknown, timeZone?: string): unknown {
  if (typeof value === "string") {
    const iso = isoTimestamp(value, timeZone);
    if (iso !== undefined) return iso;
    if (ID_KEY.test(key) && INTEGER_STRING.test(value)) return Number(value);
    if (NUMBER_KEY.test(key) && DECIMAL_STRING.test(value)) return Number(value);
    if (BOOLEAN_KEY.test(key) && /^(?:0|1|true|false)$/.test(value)) return value === "1" || value === "true";
    if (TIME_KEY.test(key) && INTEGER_STRING.test(value)) return isoFromEpoch(Number(value)) ?? value;
    return value;
  }
  if (typeof value === "number") {
    if (TIME_KEY.test(key)) return isoFromEpoch(value) ?? value;
    if (BOOLEAN_KEY.test(key) && (value === 0 || value === 1)) return value === 1;
  }
  return value;
}

/** The IANA zone an object's times are in, when it names one. */
function zoneOf(obj: Record<string, unknown>, inherited?: string): string | undefined {
  return typeof obj.timezone === "string" && /^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$/.test(obj.timezone) ? obj.timezone : inherited;
}

/** The normalised copy of a value (the input is not changed). */
export function normaliseShape(value: unknown, key = "", timeZone?: string): unknown {
  if (Array.isArray(value)) {
    const itemKey = IDS_KEY.test(key) ? "id" : key;
    return value.map((v) => normaliseShape(v, itemKey, timeZone));
  }
  if (value && typeof value === "object") {
    const zone = zoneOf(value as Record<string, unknown>, timeZone);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = normaliseShape(v, k, zone);
    return out;
  }
  return shapeScalar(key, value, timeZone);
}

/** What the rules refuse, as "path: why" lines (tests walk every result with this). */
export function shapeViolations(value: unknown, path = "", key = "", timeZone?: string): string[] {
  if (Array.isArray(value)) {
    const itemKey = IDS_KEY.test(key) ? "id" : key;
    return value.flatMap((v, i) => shapeViolations(v, `${path}[${i}]`, itemKey, timeZone));
  }
  if (value && typeof value === "object") {
    const zone = zoneOf(value as Record<string, unknown>, timeZone);
    return Object.entries(value).flatMap(([k, v]) => shapeViolations(v, path ? `${path}.${k}` : k, k, zone));
  }
  const fixed = shapeScalar(key, value, timeZone);
  return fixed === value ? [] : [`${path || "(value)"}: ${JSON.stringify(value)} should be ${JSON.stringify(fixed)}`];
}
