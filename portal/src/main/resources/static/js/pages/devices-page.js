import { html } from 'lit';
import { LightElement } from '../base.js';
import { call, data } from '../api.js';
import { session } from '../session.js';
import { i18n, time } from '../format.js';
import { loading, failed, empty } from '../components/async-state.js';
import '../components/device-import.js';

const PAGE_SIZE = 20;

/** Devices with server-side paging, keyword search and product/status filters. */
class OeDevicesPage extends LightElement {
  static properties = {
    rows: { state: true }, total: { state: true }, pageNo: { state: true }, products: { state: true },
    error: { state: true }, importing: { state: true },
  };

  constructor() {
    super();
    this.pageNo = 1;
    this.filter = { keyword: '', productKey: '', status: '' };
  }

  connectedCallback() {
    super.connectedCallback();
    data('/connect-service/v2.1/products', { action: 'search' }, { pagination: { pageNo: 1, pageSize: 1000 } })
      .then((p) => { this.products = p; }).catch(() => { this.products = []; });
    this.load();
  }

  async load() {
    this.rows = null;
    this.error = null;
    const f = this.filter;
    try {
      const page = await call('/connect-service/v2.1/devices', { action: 'search' }, {
        keyword: f.keyword || undefined, productKey: f.productKey || undefined, status: f.status || undefined,
        pagination: { pageNo: this.pageNo, pageSize: PAGE_SIZE },
      });
      this.rows = page.data;
      this.total = page.pagination?.totalSize ?? page.data.length;
    } catch (e) {
      this.error = e;
      this.rows = [];
    }
  }

  /** Products by name; the key only while the product list is loading or for a product it does not hold. */
  productName(productKey) {
    const p = this.products?.find((x) => x.productKey === productKey);
    return p ? i18n(p.productName) || productKey : productKey;
  }

  search(e) {
    e.preventDefault();
    const form = new FormData(e.target);
    this.filter = Object.fromEntries(['keyword', 'productKey', 'status'].map((k) => [k, form.get(k)]));
    this.pageNo = 1;
    this.load();
  }

  turn(delta) {
    this.pageNo += delta;
    this.load();
  }

  render() {
    const pages = Math.max(1, Math.ceil((this.total ?? 0) / PAGE_SIZE));
    return html`
      <div class="row"><h1>Devices</h1><span class="spacer"></span>
        ${session.canWrite ? html`<button type="button" @click=${() => { this.importing = !this.importing; }}
          aria-expanded=${!!this.importing}>Import from CSV</button>` : ''}</div>
      ${this.importing ? html`<oe-device-import @imported=${() => this.load()}></oe-device-import>` : ''}
      <form class="row card" role="search" @submit=${this.search}>
        <label for="dev-keyword" class="sr-only">Keyword</label>
        <input id="dev-keyword" name="keyword" placeholder="Search name or key" .value=${this.filter.keyword}>
        <label for="dev-product" class="sr-only">Product</label>
        <select id="dev-product" name="productKey">
          <option value="">All products</option>
          ${(this.products ?? []).map((p) => html`<option value=${p.productKey}>${i18n(p.productName)}</option>`)}
        </select>
        <label for="dev-status" class="sr-only">Status</label>
        <select id="dev-status" name="status">
          <option value="">Any status</option>
          ${[['online', 'Online'], ['offline', 'Offline'], ['inactive', 'Never connected'], ['disabled', 'Disabled']]
            .map(([v, label]) => html`<option value=${v}>${label}</option>`)}
        </select>
        <button class="primary" type="submit">Search</button>
      </form>
      <section class="card" style="margin-top:1rem">
        ${this.error ? failed(this.error) : ''}
        ${this.rows === null ? loading('Loading devices') : this.rows.length === 0 ? empty('No devices match.') : html`
          <div class="table-wrap"><table>
            <thead><tr><th>Name</th><th>Product</th><th>Device key</th><th>Status</th><th>Last online</th></tr></thead>
            <tbody>${this.rows.map((d) => html`<tr>
              <td><a href="#/devices/${d.assetId}">${i18n(d.deviceName) || d.deviceKey}</a></td>
              <td title=${d.productKey}>${this.productName(d.productKey)}</td><td class="mono">${d.deviceKey}</td>
              <td><span class="badge ${d.status}">${d.status}</span>${d.enabled === false ? html` <span class="badge">disabled</span>` : ''}</td>
              <td class="small">${time(d.lastOnlineTime)}</td></tr>`)}</tbody>
          </table></div>`}
        <nav class="row" aria-label="Pages" style="margin-top:.6rem">
          <button type="button" ?disabled=${this.pageNo <= 1} @click=${() => this.turn(-1)}>← Previous</button>
          <span class="small muted" id="device-page-info">Page ${this.pageNo} of ${pages} · ${this.total ?? 0} devices</span>
          <button type="button" ?disabled=${this.pageNo >= pages} @click=${() => this.turn(1)}>Next →</button>
        </nav>
      </section>`;
  }
}
customElements.define('oe-devices-page', OeDevicesPage);
