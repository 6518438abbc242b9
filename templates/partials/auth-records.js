{{! Field readers for untrusted JSON, shared by v4/auth-options.js and v5/auth.js. }}
/**
 * @param {unknown} value
 * @returns {value is Record<string, unknown>}
 */
function isRecord(value) {
  return typeof value === "object" && value !== null;
}

/**
 * @param {Record<string, unknown>} record
 * @param {string} key
 * @returns {string | undefined}
 */
function stringField(record, key) {
  const value = record[key];
  if (typeof value === "string" && value !== "") return value;
  return typeof value === "number" ? String(value) : undefined;
}
