import { html } from 'lit';
import { LightElement } from '../base.js';
import { data } from '../api.js';
import { i18n } from '../format.js';

/** Coerces a form field to the JSON type the thing model declares. */
function typed(dataType, text) {
  if (['INT', 'FLOAT', 'DOUBLE', 'TIMESTAMP'].includes(dataType)) return text === '' ? null : Number(text);
  if (dataType === 'BOOL') return text === 'true' || text === '1';
  if (['STRUCT', 'ARRAY'].includes(dataType)) return JSON.parse(text || 'null');
  return text;
}

/** Forms generated from the thing model: invoke a service or set a measure point on the device. */
class OeRemoteControl extends LightElement {
  static properties = { assetId: {}, model: { attribute: false }, result: { state: true }, busy: { state: true } };

  async send(e, action, id, fields) {
    e.preventDefault();
    const form = new FormData(e.target);
    this.busy = true;
    this.result = null;
    try {
      const values = Object.fromEntries(fields.map((f) => [f.identifier, typed(f.dataType, form.get(f.identifier))]));
      const params = { action, assetId: this.assetId, timeout: 30, pendingTtl: 0 };
      const body = action === 'invokeService' ? { inputData: values } : { measurepoints: values };
      if (action === 'invokeService') params.serviceId = id;
      const reply = await data('/connect-service/v2.1/commands', params, body);
      this.result = { ok: true, text: `Command ${reply?.commandId ?? ''} done. ${reply?.outputData ? JSON.stringify(reply.outputData) : ''}` };
    } catch (err) {
      this.result = { ok: false, text: err.status === 404
        ? 'Remote control is not available on this server (the command endpoint answered 404).' : err.message };
    } finally {
      this.busy = false;
      // answered, refused or timed out: the command history has a new row either way
      this.dispatchEvent(new CustomEvent('command-sent', { bubbles: true }));
    }
  }

  field(f, prefix) {
    const id = `${prefix}-${f.identifier}`;
    return html`<label for=${id}>${i18n(f.name) || f.identifier} <span class="mono">${f.dataType}</span></label>
      ${f.dataType === 'BOOL' ? html`<select id=${id} name=${f.identifier}><option>true</option><option>false</option></select>`
        : html`<input id=${id} name=${f.identifier} type=${['INT', 'FLOAT', 'DOUBLE'].includes(f.dataType) ? 'number' : 'text'}
          step="any">`}`;
  }

  render() {
    const services = Object.values(this.model?.services ?? {});
    const points = Object.values(this.model?.measurepoints ?? {});
    return html`
      ${this.result ? html`<p class=${this.result.ok ? 'notice' : 'error'} role="status" id="control-result">${this.result.text}</p>` : ''}
      <div class="grid2">
        ${services.map((s) => html`
          <form class="card" @submit=${(e) => this.send(e, 'invokeService', s.identifier, s.inputData)}>
            <h3>Service ${i18n(s.name) || s.identifier}</h3>
            ${s.inputData.map((f) => this.field(f, `svc-${s.identifier}`))}
            <p><button class="primary" type="submit" ?disabled=${this.busy}>Invoke</button></p>
          </form>`)}
        ${points.length ? html`
          <form class="card" @submit=${(e) => this.send(e, 'setMeasurepoint', null,
            points.filter((p) => new FormData(e.target).get(p.identifier) !== ''))}>
            <h3>Set measure points</h3>
            ${points.map((p) => this.field(p, 'set'))}
            <p><button class="primary" type="submit" ?disabled=${this.busy}>Set</button></p>
          </form>` : ''}
      </div>
      ${!services.length && !points.length ? html`<p class="muted">The model declares nothing to control.</p>` : ''}`;
  }
}
customElements.define('oe-remote-control', OeRemoteControl);
