/**
 * Dashboards as JSON files: what an export writes and an import reads back. Ids, owner and version stay behind (an
 * import creates a new dashboard); the server validates the content as for any other create.
 */
export const FORMAT = 'openenos-dashboard/1';

export function toJson(d) {
  return { format: FORMAT, name: d.name, time: d.time ?? undefined, templateModelId: d.templateModelId ?? undefined,
    widgets: d.widgets };
}

export function exportDashboard(d) {
  const blob = new Blob([JSON.stringify(toJson(d), null, 2)], { type: 'application/json' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `${d.name.replace(/[^\w.-]+/g, '-') || 'dashboard'}.json`;
  a.id = 'dashboard-export-link';
  document.body.append(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
}

/** The create body of a file's text, or an Error that says what is wrong with the file. */
export function fromJson(text) {
  let doc;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new Error(`The file is not JSON (${e.message}).`);
  }
  if (doc?.format !== FORMAT) throw new Error(`The file is not a dashboard export (expected "format": "${FORMAT}").`);
  if (!Array.isArray(doc.widgets)) throw new Error('The file has no widget list.');
  return { name: String(doc.name ?? 'Imported dashboard'), widgets: doc.widgets, time: doc.time,
    templateModelId: doc.templateModelId };
}
