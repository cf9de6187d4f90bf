import { html } from 'lit';
import { i18n } from '../format.js';

/** Coerces a form field to the JSON type the thing model declares. */
export function typed(field, text) {
  const { dataType } = field;
  if (dataType === 'ENUM') return field.dataDefinition?.enumType === 'INT' && text !== '' ? Number(text) : text;
  if (['INT', 'FLOAT', 'DOUBLE', 'TIMESTAMP'].includes(dataType)) return text === '' ? null : Number(text);
  if (dataType === 'BOOL') return text === 'true' || text === '1';
  if (['STRUCT', 'ARRAY'].includes(dataType)) return JSON.parse(text || 'null');
  return text;
}

/** A label and the input that fits a model field (service input, measure point). */
export function modelField(f, prefix, bounds = {}) {
  const id = `${prefix}-${f.identifier}`;
  const unit = f.unit?.unitId ? ` (${f.unit.unitId})` : '';
  return html`<label for=${id}>${i18n(f.name) || f.identifier}${unit} <span class="mono">${f.dataType}</span></label>
    ${modelInput(f, id, bounds)}`;
}

/** The input that fits the declared type: a choice for BOOL and ENUM, a number with the right step, a length cap. */
export function modelInput(f, id, { min, max } = {}) {
  const def = f.dataDefinition ?? {};
  const blank = html`<option value="">—</option>`;
  if (f.dataType === 'BOOL') {
    const desc = def.boolDesc ?? {};
    return html`<select id=${id} name=${f.identifier}>${blank}
      ${['true', 'false'].map((v) => html`<option value=${v}>${i18n(desc[v]) ? `${v} · ${i18n(desc[v])}` : v}</option>`)}</select>`;
  }
  if (f.dataType === 'ENUM') {
    return html`<select id=${id} name=${f.identifier} data-enum-type=${def.enumType ?? 'STRING'}>${blank}
      ${Object.entries(def.enumDesc ?? {}).map(([v, label]) => html`<option value=${v}>${i18n(label) || v} (${v})</option>`)}</select>`;
  }
  if (['INT', 'FLOAT', 'DOUBLE'].includes(f.dataType)) {
    return html`<input id=${id} name=${f.identifier} type="number" step=${f.dataType === 'INT' ? '1' : 'any'}
      min=${min ?? ''} max=${max ?? ''}>`;
  }
  if (f.dataType === 'TIMESTAMP') {
    return html`<input id=${id} name=${f.identifier} type="number" step="1" min="0" placeholder="UTC milliseconds">`;
  }
  if (f.dataType === 'DATE') {
    return html`<input id=${id} name=${f.identifier} pattern="\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}"
      placeholder="yyyy-MM-dd HH:mm:ss">`;
  }
  if (['STRUCT', 'ARRAY'].includes(f.dataType)) {
    return html`<textarea id=${id} name=${f.identifier} placeholder="JSON"></textarea>`;
  }
  return html`<input id=${id} name=${f.identifier} type="text" maxlength=${def.maxLength ?? 1024}>`;
}
