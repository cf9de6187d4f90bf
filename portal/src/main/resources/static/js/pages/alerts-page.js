import { html } from 'lit';
import { LightElement } from '../base.js';
import { data } from '../api.js';
import { go } from '../router.js';
import '../components/alert-list.js';
import '../components/alert-rule-editor.js';
import '../components/alert-severities.js';

const TABS = [['active', 'Active'], ['history', 'History'], ['rules', 'Rules'], ['severities', 'Severities']];

/** Alerts console: active alerts (live), closed and recovered ones, and the rules that raise them. */
class OeAlertsPage extends LightElement {
  static properties = { tab: {}, catalog: { state: true } };

  connectedCallback() {
    super.connectedCallback();
    this.loadCatalog();
  }

  async loadCatalog() {
    const search = (kind) => data(`/event-service/v2.1/alert-${kind}`, { action: 'search' },
      { pagination: { pageNo: 1, pageSize: 100 } }).catch(() => []);
    const [severities, types, contents] = await Promise.all(
      [search('severities'), search('types'), search('contents')]);
    this.catalog = { severities, types, contents };
  }

  render() {
    const tab = TABS.some(([id]) => id === this.tab) ? this.tab : 'active';
    return html`
      <h1>Alerts</h1>
      <div class="row" role="tablist" aria-label="Alert views">
        ${TABS.map(([id, label]) => html`<button type="button" role="tab" id="alerts-tab-${id}"
          aria-selected=${tab === id} class=${tab === id ? 'primary' : ''} @click=${() => go('alerts', id)}>${label}</button>`)}
      </div>
      <section class="card" role="tabpanel" aria-labelledby="alerts-tab-${tab}">
        ${tab === 'severities' ? html`<oe-alert-severities .severities=${this.catalog?.severities}
          @catalog-changed=${() => this.loadCatalog()}></oe-alert-severities>`
          : tab === 'rules' ? html`<oe-alert-rule-editor .catalog=${this.catalog}></oe-alert-rule-editor>`
          : tab === 'history' ? html`<oe-alert-list kind="history" .severities=${this.catalog?.severities}></oe-alert-list>`
            : html`<oe-alert-list kind="active" .severities=${this.catalog?.severities}></oe-alert-list>`}
      </section>`;
  }
}
customElements.define('oe-alerts-page', OeAlertsPage);
