import { html } from 'lit';
import { LightElement } from '../base.js';
import { data } from '../api.js';
import { session } from '../session.js';
import { i18n } from '../format.js';
import { loading, failed, empty } from '../components/async-state.js';
import { go } from '../router.js';

const TEMPLATE = { modelId: 'new_model', name: { defaultValue: 'New model' }, attributes: {},
  measurepoints: { power: { identifier: 'power', name: { defaultValue: 'Power' }, dataType: 'DOUBLE', signalType: 'AI',
    hasQuality: false } }, services: {}, events: {} };

/** Thing models: list, view, and create or edit as JSON with the server's validation messages. */
class OeModelsPage extends LightElement {
  static properties = { modelId: {}, models: { state: true }, model: { state: true }, error: { state: true },
    saveError: { state: true }, saved: { state: true }, creating: { state: true } };

  connectedCallback() {
    super.connectedCallback();
    this.loadList();
  }

  updated(changed) {
    if (changed.has('modelId')) this.loadModel();
  }

  async loadList() {
    try {
      this.models = await data('/model-service/v2.1/thing-models', { action: 'search' }, { pagination: { pageNo: 1, pageSize: 1000 } });
    } catch (e) {
      this.error = e;
    }
  }

  async loadModel() {
    this.model = null;
    this.saveError = this.saved = null;
    this.creating = false;
    if (!this.modelId) return;
    try {
      this.model = await data('/model-service/v2.1/thing-models', { action: 'get', modelId: this.modelId });
    } catch (e) {
      this.error = e;
    }
  }

  async save(e) {
    e.preventDefault();
    this.saveError = this.saved = null;
    let body;
    try {
      body = JSON.parse(new FormData(e.target).get('json'));
    } catch (err) {
      this.saveError = `Not valid JSON: ${err.message}`;
      return;
    }
    try {
      const saved = await data('/model-service/v2.1/thing-models', { action: this.creating ? 'create' : 'update' }, body);
      this.saved = `Saved model ${saved.modelId}.`;
      await this.loadList();
      if (this.creating) go('models', saved.modelId);
    } catch (err) {
      this.saveError = err.message;
    }
  }

  /** The validator names every broken rule, "field: reason; field: reason": one line each. */
  renderError() {
    const rules = this.saveError.replace(/^invalid thing model:\s*/, '').split(/;\s+(?=[\w.[\]-]+:)/);
    return html`<div class="error" role="alert" id="model-error">${rules.length > 1
      ? html`The server refused the model:<ul>${rules.map((r) => html`<li>${r}</li>`)}</ul>` : this.saveError}</div>`;
  }

  render() {
    if (this.error) return failed(this.error);
    if (!this.models) return loading('Loading models');
    const editing = this.creating ? TEMPLATE : this.model;
    return html`
      <div class="row"><h1>Thing models</h1><span class="spacer"></span>
        ${session.canWrite ? html`<button type="button" @click=${() => { this.creating = true; this.saved = this.saveError = null; }}>New model</button>` : ''}</div>
      <div class="tree-layout">
        <section class="card">
          ${this.models.length === 0 ? empty('No models yet.') : html`<ul class="tree">${this.models.map((m) => html`
            <li><a href="#/models/${m.modelId}" aria-current=${m.modelId === this.modelId ? 'page' : 'false'}>${i18n(m.name) || m.modelId}</a>
              <span class="small muted mono">${m.modelId}</span>${m.orgId ? '' : html` <span class="badge">public</span>`}</li>`)}</ul>`}
        </section>
        <section class="card">
          ${!editing ? (this.modelId ? loading('Loading model') : empty('Select a model.')) : html`
            <h2>${this.creating ? 'New model' : i18n(editing.name)}</h2>
            ${this.creating ? '' : html`<p class="small muted">${Object.keys(editing.measurepoints).length} measure points ·
              ${Object.keys(editing.services).length} services · ${Object.keys(editing.events).length} events ·
              ${Object.keys(editing.attributes).length} attributes</p>`}
            <form @submit=${this.save}>
              <label for="model-json">Model as JSON</label>
              <textarea id="model-json" name="json" rows="22" ?readonly=${!session.canWrite || (!this.creating && !editing.orgId)}
                .value=${JSON.stringify(editing, null, 2)}></textarea>
              ${this.saveError ? this.renderError() : ''}
              ${this.saved ? html`<p class="notice" role="status">${this.saved}</p>` : ''}
              ${session.canWrite && (this.creating || editing.orgId) ? html`<button class="primary" type="submit">
                ${this.creating ? 'Create' : 'Save'}</button>` : ''}
            </form>`}
        </section>
      </div>`;
  }
}
customElements.define('oe-models-page', OeModelsPage);
