import { html } from 'lit';
import { LightElement } from '../base.js';
import { data } from '../api.js';
import { i18n, time } from '../format.js';
import { loading, failed } from '../components/async-state.js';
import '../components/product-script.js';

/** One product: its settings and, for a custom-format product (dataFormat Custom), its parsing script. */
class OeProductPage extends LightElement {
  static properties = { productKey: {}, product: { state: true }, error: { state: true } };

  updated(changed) {
    if (changed.has('productKey')) this.load();
  }

  async load() {
    this.product = this.error = null;
    try {
      this.product = await data('/connect-service/v2.1/products', { action: 'get', productKey: this.productKey });
    } catch (e) {
      this.error = e;
    }
  }

  render() {
    if (this.error) return failed(this.error);
    if (!this.product) return loading('Loading the product');
    const p = this.product;
    return html`
      <p class="small"><a href="#/products">Products</a> /</p>
      <h1>${i18n(p.productName) || p.productKey}</h1>
      <section class="card" aria-label="Product">
        <dl class="grid2" id="product-fields">
          <div><dt class="small muted">Product key</dt><dd class="mono" style="margin:0">${p.productKey}</dd></div>
          <div><dt class="small muted">Model</dt><dd style="margin:0"><a href="#/models/${p.modelId}">${p.modelId}</a></dd></div>
          <div><dt class="small muted">Type</dt><dd style="margin:0">${p.productType}</dd></div>
          <div><dt class="small muted">Data format</dt><dd id="product-data-format" style="margin:0">${p.dataFormat}</dd></div>
          <div><dt class="small muted">Created</dt><dd style="margin:0">${time(p.createTime)}</dd></div>
          <div><dt class="small muted">Description</dt><dd style="margin:0">${i18n(p.productDesc) || '—'}</dd></div>
        </dl>
      </section>
      <section class="card" style="margin-top:1rem" aria-label="Parsing script">
        <h2>Parsing script</h2>
        ${p.dataFormat === 'Custom' ? html`<oe-product-script .productKey=${p.productKey}></oe-product-script>`
          : html`<p class="muted" id="script-not-custom">This product sends EnOS JSON (data format Json); only
            products with the data format Custom convert their payloads with a parsing script.</p>`}
      </section>`;
  }
}
customElements.define('oe-product-page', OeProductPage);
