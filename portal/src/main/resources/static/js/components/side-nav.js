import { html } from 'lit';
import { LightElement } from '../base.js';
import { session } from '../session.js';
import { call } from '../api.js';

const PAGES = [
  ['fleet', 'Fleet overview'], ['tree', 'Asset tree'], ['devices', 'Devices'], ['explorer', 'Data explorer'], ['alerts', 'Alerts'], ['dashboards', 'Dashboards'], ['models', 'Models'],
  ['products', 'Products'], ['subscriptions', 'Subscriptions'], ['streams', 'Stream jobs'], ['firmware', 'Firmware'], ['reports', 'Reports'],
  ['workflows', 'Workflows'], ['sql', 'SQL console'],
];

/** Left navigation: pages, who is signed in, theme toggle and sign-out. */
class OeSideNav extends LightElement {
  static properties = { page: {} };

  connectedCallback() {
    super.connectedCallback();
    this.onSession = () => this.requestUpdate();
    session.addEventListener('change', this.onSession);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    session.removeEventListener('change', this.onSession);
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
          <a href="#/${id}" aria-current=${this.page === id ? 'page' : 'false'}>${label}</a>`)}
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
