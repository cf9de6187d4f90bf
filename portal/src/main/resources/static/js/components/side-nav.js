import { html } from 'lit';
import { LightElement } from '../base.js';
import { session } from '../session.js';
import { call } from '../api.js';

const PAGES = [
  ['fleet', 'Fleet overview'], ['tree', 'Asset tree'], ['devices', 'Devices'], ['explorer', 'Data explorer'], ['alerts', 'Alerts'], ['dashboards', 'Dashboards'], ['models', 'Models'],
  ['products', 'Products'], ['subscriptions', 'Subscriptions'], ['streams', 'Stream jobs'], ['firmware', 'Firmware'], ['reports', 'Reports'],
  ['workflows', 'Workflows'], ['sql', 'SQL console'],
];

/** How often the menu's count of active alerts is refreshed. */
const ALERT_COUNT_MILLIS = 30_000;

/** Left navigation: pages (with the count of active alerts), who is signed in, theme toggle and sign-out. */
class OeSideNav extends LightElement {
  static properties = { page: {}, activeAlerts: { state: true } };

  connectedCallback() {
    super.connectedCallback();
    this.onSession = () => { this.requestUpdate(); this.countAlerts(); };
    session.addEventListener('change', this.onSession);
    this.countAlerts();
    this.alertTimer = setInterval(() => this.countAlerts(), ALERT_COUNT_MILLIS);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    session.removeEventListener('change', this.onSession);
    clearInterval(this.alertTimer);
  }

  /** One search of a single row: its total is the count. No count where the caller may not list alerts. */
  async countAlerts() {
    if (!session.token || !session.orgId) {
      this.activeAlerts = null;
      return;
    }
    try {
      const answer = await call('/event-service/v2.1/active-alerts', { action: 'search' },
        { pagination: { pageNo: 1, pageSize: 1 } });
      this.activeAlerts = answer.pagination?.totalSize ?? answer.data?.length ?? null;
    } catch {
      this.activeAlerts = null;
    }
  }

  label(id, label) {
    if (id !== 'alerts' || !this.activeAlerts) return label;
    return html`${label} <span class="badge danger" id="nav-alert-count"
      aria-label="${this.activeAlerts} active alerts">${this.activeAlerts}</span>`;
  }

  toggleTheme() {
    const root = document.documentElement;
    const dark = root.dataset.theme ? root.dataset.theme === 'dark' : matchMedia('(prefers-color-scheme: dark)').matches;
    root.dataset.theme = dark ? 'light' : 'dark';
    localStorage.setItem('openenos.theme', root.dataset.theme);
  }

  async signOut() {
    try {
      await call('/iam-service/v2.1/users', { action: 'logout', orgId: null }, {});
    } catch {
      // signing out locally is what matters; the token expires anyway
    }
    session.clear();
    location.hash = '';
  }

  render() {
    const pages = session.canAdmin ? [...PAGES, ['admin', 'Users & apps'], ['roles', 'Roles']] : PAGES;
    return html`
      <nav class="nav" aria-label="Main">
        <div class="brand">Open<span>EnOS</span></div>
        ${pages.map(([id, label]) => html`
          <a href="#/${id}" aria-current=${this.page === id ? 'page' : 'false'}>${this.label(id, label)}</a>`)}
        <div class="foot">
          <span id="whoami" title="Signed in user and role">${session.me?.name} · ${session.role}</span>
          <div class="row">
            <button type="button" @click=${this.toggleTheme} aria-label="Switch light or dark theme">◐ Theme</button>
            <button type="button" @click=${this.signOut} id="sign-out">Sign out</button>
          </div>
        </div>
      </nav>`;
  }
}
customElements.define('oe-side-nav', OeSideNav);
