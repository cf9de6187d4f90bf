import { html } from 'lit';
import { LightElement } from '../base.js';
import { data } from '../api.js';
import { session } from '../session.js';
import { time } from '../format.js';
import { loading, failed } from './async-state.js';
import { readable } from './api-errors.js';
import { notAvailable, notAvailableState } from './optional-api.js';

const PATH = '/connect-service/v2.1/products';

const TEMPLATE = `// Converts the device's binary frames (model/up_raw, down_raw_reply) to EnOS messages and back.
// bytes: an array of numbers 0-255; return an EnOS message object.
function rawDataToProtocol(bytes) {
  return { id: '1', version: '1.0', method: 'thing.measurepoint.post', params: { measurepoints: {} } };
}
// message: an EnOS message (a command, or the reply to an up_raw request); return an array of numbers 0-255.
function protocolToRawData(message) {
  return [];
}
`;

const SAMPLE_COMMAND = '{"id": "1", "version": "1.0", "method": "thing.service.reboot", "params": {"delay": 3}}';

/**
 * The parsing script of a custom-format product: view, edit, save and delete
 * ({@code products?action=getScript|setScript|deleteScript}), and a "try it" panel that runs the script in the
 * editor (saved or not) on a sample through {@code products?action=testScript}: hex bytes as they arrive on
 * up_raw → the EnOS message, or an EnOS command → the hex bytes sent on down_raw. A script the server cannot
 * compile is not saved; its message is shown and the stored script stays as it was.
 */
class OeProductScript extends LightElement {
  static properties = {
    productKey: {}, stored: { state: true }, source: { state: true }, error: { state: true },
    saveError: { state: true }, saved: { state: true }, busy: { state: true },
    direction: { state: true }, result: { state: true }, tryError: { state: true },
  };

  constructor() {
    super();
    this.direction = 'up';
  }

  updated(changed) {
    if (changed.has('productKey')) this.load();
  }

  async load() {
    this.error = this.saveError = this.saved = null;
    this.stored = undefined;
    try {
      this.stored = await data(PATH, { action: 'getScript', productKey: this.productKey });
      this.source = this.stored.script;
    } catch (e) {
      if (e.code === 99404 && e.status !== 404) {
        this.stored = null; // the product has no script yet
        this.source = TEMPLATE;
      } else {
        this.error = e;
      }
    }
  }

  get dirty() {
    return this.source !== (this.stored?.script ?? TEMPLATE);
  }

  async save() {
    this.busy = true;
    this.saveError = this.saved = null;
    try {
      this.stored = await data(PATH, { action: 'setScript', productKey: this.productKey }, { script: this.source });
      this.saved = 'Saved. Devices of this product use it from now on.';
    } catch (e) {
      this.saveError = readable(e, 'Saving the script');
    } finally {
      this.busy = false;
    }
  }

  async remove() {
    if (!confirm('Delete the parsing script? Devices of this product can no longer send or receive raw payloads.')) return;
    this.saveError = this.saved = null;
    try {
      await data(PATH, { action: 'deleteScript', productKey: this.productKey }, {});
      this.stored = null;
      this.source = TEMPLATE;
      this.saved = 'Deleted.';
    } catch (e) {
      this.saveError = readable(e, 'Deleting the script');
    }
  }

  async tryIt(e) {
    e.preventDefault();
    const sample = e.target.sample.value;
    this.result = this.tryError = null;
    const body = { script: this.source, direction: this.direction };
    if (this.direction === 'up') {
      body.payload = sample;
    } else {
      try {
        body.message = JSON.parse(sample);
      } catch (err) {
        this.tryError = `The command is not JSON: ${err.message}.`;
        return;
      }
    }
    try {
      const answer = await data(PATH, { action: 'testScript', productKey: this.productKey }, body);
      this.result = this.direction === 'up' ? JSON.stringify(answer.message, null, 2)
        : answer.payload.replace(/(..)(?!$)/g, '$1 ');
    } catch (err) {
      this.tryError = readable(err, 'Running the script');
    }
  }

  renderTry() {
    const up = this.direction === 'up';
    return html`<form id="script-try" @submit=${this.tryIt} aria-label="Try the script" style="margin-top:1rem">
      <h3>Try it</h3>
      <div class="row">
        <label class="check"><input type="radio" name="direction" value="up" .checked=${up}
          @change=${() => { this.direction = 'up'; this.result = this.tryError = null; }}> Device frame → EnOS message (up_raw)</label>
        <label class="check"><input type="radio" name="direction" value="down" .checked=${!up}
          @change=${() => { this.direction = 'down'; this.result = this.tryError = null; }}> EnOS command → device frame (down_raw)</label>
      </div>
      <label for="script-sample">${up ? 'Frame as hex bytes (spaces allowed)' : 'EnOS message (JSON)'}</label>
      <textarea id="script-sample" name="sample" rows="3" class="mono" required
        .value=${up ? '' : SAMPLE_COMMAND} placeholder=${up ? '01 00 00 48 41 29 ff 4d 00' : ''}></textarea>
      <div class="row"><button type="submit" id="script-run">Run the script</button>
        <span class="small muted">Runs the script in the editor, saved or not, with the same limits as device traffic.</span></div>
      ${this.tryError ? html`<p class="error" role="alert" id="script-try-error">${this.tryError}</p>` : ''}
      ${this.result !== null && this.result !== undefined ? html`<label>Result</label>
        <pre class="mono card" id="script-result">${this.result}</pre>` : ''}
    </form>`;
  }

  render() {
    if (this.error) return notAvailable(this.error) ? notAvailableState('Parsing scripts are') : failed(this.error);
    if (this.stored === undefined) return loading('Loading the script');
    const canWrite = session.canWrite;
    return html`
      <p class="small muted" id="script-state">${this.stored
        ? html`Stored script, updated ${time(this.stored.updateTime)}${this.dirty ? ' (edited, not saved)' : ''}.`
        : 'This product has no parsing script yet: its devices\' raw payloads are not converted.'}</p>
      <label for="script-source" class="sr-only">Script (JavaScript)</label>
      <textarea id="script-source" class="mono" rows="18" spellcheck="false" style="width:100%;tab-size:2"
        ?readonly=${!canWrite} .value=${this.source ?? ''}
        @input=${(e) => { this.source = e.target.value; this.saved = null; }}></textarea>
      ${canWrite ? html`<div class="row">
        <button type="button" class="primary" id="script-save" ?disabled=${this.busy || !this.dirty && this.stored}
          @click=${this.save}>Save script</button>
        ${this.dirty ? html`<button type="button" id="script-revert"
          @click=${() => { this.source = this.stored?.script ?? TEMPLATE; this.saveError = null; }}>Revert</button>` : ''}
        ${this.stored ? html`<button type="button" class="danger" id="script-delete" @click=${this.remove}>Delete script</button>` : ''}
      </div>` : ''}
      ${this.saveError ? html`<p class="error" role="alert" id="script-error">${this.saveError}</p>` : ''}
      ${this.saved ? html`<p class="notice" role="status" id="script-saved">${this.saved}</p>` : ''}
      ${canWrite ? this.renderTry() : ''}`;
  }
}
customElements.define('oe-product-script', OeProductScript);
