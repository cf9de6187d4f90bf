import { toCsv } from '../csv.js';
import { toXlsx } from '../xlsx.js';

/**
 * A widget's data as a file: `table` is {columns, rows}, cells are numbers, text or Dates. CSV writes times as ISO
 * 8601 in UTC; XLSX as spreadsheet date-times in UTC. Both are made in the browser from what the widget shows.
 */
export function widgetFile(title, table, format) {
  const name = `${(title || 'widget').replace(/[^\w.-]+/g, '-')}.${format}`;
  const header = table.columns.map((c) => (c === 'Time' ? 'Time (UTC)' : c));
  if (format === 'csv') {
    const rows = table.rows.map((r) => r.map((v) => (v instanceof Date ? v.toISOString() : v)));
    return { name, blob: new Blob([toCsv([header, ...rows])], { type: 'text/csv' }) };
  }
  return { name, blob: toXlsx([header, ...table.rows], title || 'Data') };
}

export function download({ name, blob }) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.dataset.widgetExport = name;
  document.body.append(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
}
