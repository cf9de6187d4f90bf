/**
 * A small RFC 4180 CSV parser: quoted fields (which may span lines), doubled quotes, CRLF or LF. Returns rows of
 * strings; each row carries `line`, the 1-based line of the file it starts on, so errors can name it.
 */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  const end = () => { row.push(field); row.line = start; rows.push(row); row = []; field = ''; start = line; };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false;
      else { if (c === '\n') line++; field += c; }
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      line++;
      end();
    } else field += c;
  }
  if (field !== '' || row.length) end();
  return rows.filter((r) => r.some((f) => f.trim() !== ''));
}

/** Rows of values as CSV text; fields with a comma, quote or line break are quoted. */
export function toCsv(rows) {
  const quote = (v) => {
    const s = v == null ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return rows.map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n';
}
