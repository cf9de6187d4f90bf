import { html } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { LightElement } from './base.js';
import { session } from './session.js';
import { currentRoute } from './router.js';
import './components/login-form.js';
import './components/side-nav.js';
import './components/org-picker.js';
import './pages/fleet-page.js';
import './pages/tree-page.js';
import './pages/devices-page.js';
import './pages/device-page.js';
import './pages/models-page.js';
import './pages/products-page.js';
import './pages/product-page.js';
import './pages/subscriptions-page.js';
import './pages/streams-page.js';
import './pages/dashboards-page.js';
import './pages/dashboard-page.js';
import './pages/admin-page.js';
import './pages/roles-page.js';
import './pages/explorer-page.js';
import './pages/alerts-page.js';
import './pages/firmware-page.js';
import './pages/reports-page.js';
import './pages/workflows-page.js';
import './pages/preferences-page.js';
import './pages/sql-page.js';
import { onTimePreferencesSavedElsewhere, setTimePreferences, zoneLabel } from './format.js';
import { data } from './api.js';
import { hasUnsavedEdits, unsavedEdits } from './unsaved-edits.js';

const theme = localStorage.getItem('openenos.theme');
if (theme) document.documentElement.dataset.theme = theme;

/** The application shell: sign-in when signed out, otherwise navigation plus the page of the current route. */
class OeApp extends LightElement {
  static properties = { route: { state: true }, prefsOf: { state: true }, prefsWaiting: { state: true } };

  constructor() {
    super();
    this.route = currentRoute();
    addEventListener('hashchange', () => { this.route = currentRoute(); });
    session.addEventListener('change', () => this.requestUpdate());
    addEventListener('preferences-change', () => this.requestUpdate());
    // preferences saved in another tab: read them again and draw the open page anew (charts, times) in them; while
    // the page holds unsaved edits, only once they are saved or discarded (drawing anew would drop them)
    this.drawn = 0;
    onTimePreferencesSavedElsewhere(() => this.preferencesSavedElsewhere());
    unsavedEdits.addEventListener('change', () => {
      if (this.prefsWaiting && !hasUnsavedEdits()) this.preferencesSavedElsewhere();
    });
  }

  async preferencesSavedElsewhere() {
    if (!session.signedIn || !session.orgId) return;
    this.prefsWaiting = hasUnsavedEdits();
    if (this.prefsWaiting) return;
    try {
      setTimePreferences(await data('/portal-service/v2.1/preferences', {}, undefined, { method: 'GET' }));
    } catch {
      return; // the page keeps the preferences it has
    }
    this.drawn++;
    dispatchEvent(new Event('preferences-change'));
  }

  /**
   * The user's time preferences are read once per organization before any page renders, so every time shown is
   * in the chosen zone from the start; when they cannot be read the browser's zone and 24 hours apply.
   */
  async loadPreferences(key) {
    this.prefsOf = null;
    try {
      setTimePreferences(await data('/portal-service/v2.1/preferences', {}, undefined, { method: 'GET' }));
    } catch {
      setTimePreferences(null);
    }
    this.prefsOf = key;
  }

  connectedCallback() {
    this.replaceChildren(); // drop the static sign-in form of index.html: the application renders its own
    super.connectedCallback();
  }

  render() {
    if (!session.signedIn) return html`<oe-login-form></oe-login-form>`;
    const key = `${session.token}@${session.orgId}`;
    if (session.orgId && this.prefsOf !== key) {
      if (this.loading !== key) {
        this.loading = key;
        this.loadPreferences(key);
      }
    }
    const ready = !session.orgId || this.prefsOf === key;
    return html`
      <div class="shell">
        <oe-side-nav .page=${this.route.page}></oe-side-nav>
        <div>
          <header class="topbar">
            <oe-org-picker></oe-org-picker>
            <span class="spacer"></span>
            <a class="small muted" id="time-zone-link" href="#/preferences"
              title="All times are shown in this time zone; change it in your preferences">Times in ${zoneLabel()}</a>
          </header>
          ${this.prefsWaiting ? html`<p class="notice small" role="status" id="preferences-waiting">Your time
            preferences changed in another tab: this page shows them once your edits are saved or discarded.</p>` : ''}
          <main class="content" id="main">${session.orgId ? (ready ? keyed(this.drawn, this.page()) : '') : html`
            <div class="state">Choose an organization to start.</div>`}</main>
        </div>
      </div>`;
  }

  page() {
    const { page, id, sub } = this.route;
    switch (page) {
      case 'devices': return id ? html`<oe-device-page .assetId=${id}></oe-device-page>`
        : html`<oe-devices-page></oe-devices-page>`;
      case 'models': return html`<oe-models-page .modelId=${id}></oe-models-page>`;
      case 'products': return id ? html`<oe-product-page .productKey=${id}></oe-product-page>`
        : html`<oe-products-page></oe-products-page>`;
      case 'subscriptions': return html`<oe-subscriptions-page></oe-subscriptions-page>`;
      case 'streams': return html`<oe-streams-page></oe-streams-page>`;
      case 'dashboards': return id ? html`<oe-dashboard-page .dashboardId=${id}></oe-dashboard-page>`
        : html`<oe-dashboards-page></oe-dashboards-page>`;
      case 'explorer': return html`<oe-explorer-page></oe-explorer-page>`;
      case 'alerts': return html`<oe-alerts-page .tab=${id}></oe-alerts-page>`;
      case 'admin': return html`<oe-admin-page></oe-admin-page>`;
      case 'roles': return html`<oe-roles-page></oe-roles-page>`;
      case 'firmware': return html`<oe-firmware-page></oe-firmware-page>`;
      case 'reports': return html`<oe-reports-page></oe-reports-page>`;
      case 'fleet': return html`<oe-fleet-page></oe-fleet-page>`;
      case 'preferences': return html`<oe-preferences-page></oe-preferences-page>`;
      case 'workflows': return html`<oe-workflows-page .flowId=${id} .instanceId=${sub}></oe-workflows-page>`;
      case 'sql': return html`<oe-sql-page></oe-sql-page>`;
      default: return html`<oe-tree-page .assetId=${id}></oe-tree-page>`;
    }
  }
}
customElements.define('oe-app', OeApp);
