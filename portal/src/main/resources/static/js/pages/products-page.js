import { html } from 'lit';
import { LightElement } from '../base.js';
import { data } from '../api.js';
import { session } from '../session.js';
import { i18n, time } from '../format.js';
import { loading, failed, empty } from '../components/async-state.js';

/** Products: list and create; a product's own page (#/products/{productKey}) has its parsing script. */
class OeProductsPage extends LightElement {
  static properties = { products: { state: true }, models: { state: true }, error: { state: true },
    createError: { state: true } };

  connectedCallback() {
    super.connectedCallback();
    this.load();
    data('/model-service/v2.1/thing-models', { action: 'search' }, { pagination: { pageNo: 1, pageSize: 1000 } })
      .then((m) => { this.models = m; }).catch(() => { this.models = []; });
  }

  async load() {
    try {
      this.products = await data('/connect-service/v2.1/products', { action: 'search' }, { pagination: { pageNo: 1, pageSize: 1000 } });
    } catch (e) {
      this.error = e;
    }
  }

  async create(e) {
    e.preventDefault();
    const f = new FormData(e.target);
    this.createError = null;
    try {
      await data('/connect-service/v2.1/products', { action: 'create' }, {
        productName: { defaultValue: f.get('name') }, modelId: f.get('modelId'), dataFormat: f.get('dataFormat') || 'Json',
        productType: f.get('type'), productDesc: f.get('desc') || undefined });
      e.target.reset();
      this.load();
    } catch (err) {
      this.createError = err.message;
    }
  }

  render() {
    if (this.error) return failed(this.error);
    return html`
      <h1>Products</h1>
      ${session.canWrite ? html`<form class="card row" @submit=${this.create} aria-label="New product">
        <div><label for="p-name">Name</label><input id="p-name" name="name" required></div>
        <div><label for="p-model">Model</label><select id="p-model" name="modelId" required>
          ${(this.models ?? []).map((m) => html`<option value=${m.modelId}>${i18n(m.name) || m.modelId}</option>`)}</select></div>
        <div><label for="p-type">Type</label><select id="p-type" name="type"><option>Device</option><option>Gateway</option></select></div>
        <div><label for="p-format">Data format</label><select id="p-format" name="dataFormat" title="Custom: binary payloads converted by a parsing script">
          <option>Json</option><option>Custom</option></select></div>
        <div><label for="p-desc">Description</label><input id="p-desc" name="desc"></div>
        <div><label>&nbsp;</label><button class="primary" type="submit">Create product</button></div>
        ${this.createError ? html`<p class="error" role="alert">${this.createError}</p>` : ''}
      </form>` : ''}
      <section class="card" style="margin-top:1rem">
        ${!this.products ? loading('Loading products') : this.products.length === 0 ? empty('No products yet.') : html`
          <div class="table-wrap"><table><thead><tr><th>Name</th><th>Product key</th><th>Model</th><th>Type</th><th>Data format</th><th>Created</th></tr></thead>
          <tbody>${this.products.map((p) => html`<tr><td>${i18n(p.productName)}</td><td class="mono"><a href="#/products/${encodeURIComponent(p.productKey)}">${p.productKey}</a></td>
            <td><a href="#/models/${p.modelId}">${p.modelId}</a></td><td>${p.productType}</td><td>${p.dataFormat}</td><td class="small">${time(p.createTime)}</td></tr>`)}
          </tbody></table></div>`}
      </section>`;
  }
}
customElements.define('oe-products-page', OeProductsPage);
