import { html } from 'lit';
import { LightElement } from '../base.js';
import { session } from '../session.js';
import { data } from '../api.js';

/** Shows the organization; the super-administrator, who belongs to none, picks one here. */
class OeOrgPicker extends LightElement {
  static properties = { orgs: { state: true }, error: { state: true } };

  async connectedCallback() {
    super.connectedCallback();
    try {
      this.orgs = await data('/iam-service/v2.1/organizations', { action: 'search', orgId: null });
      if (!session.orgId && this.orgs.length === 1) session.set({ orgId: this.orgs[0].orgId });
    } catch (e) {
      this.error = e.message;
    }
  }

  render() {
    if (this.error) return html`<span class="error small">${this.error}</span>`;
    if (!this.orgs) return html`<span class="spinner" aria-label="Loading organizations"></span>`;
    if (!session.isSuperAdmin) {
      const org = this.orgs.find((o) => o.orgId === session.orgId);
      return html`<span><span class="muted small">Organization</span> <strong id="org-name">${org?.name ?? session.orgId}</strong></span>`;
    }
    return html`
      <label for="org-select" class="sr-only">Organization</label>
      <select id="org-select" @change=${(e) => { session.set({ orgId: e.target.value || null }); location.hash = '#/tree'; }}>
        <option value="">Choose an organization…</option>
        ${this.orgs.map((o) => html`<option value=${o.orgId} ?selected=${o.orgId === session.orgId}>${o.name}</option>`)}
      </select>`;
  }
}
customElements.define('oe-org-picker', OeOrgPicker);
