import { html } from 'lit';
import { LightElement } from '../base.js';
import { data } from '../api.js';
import { session } from '../session.js';
import { time } from '../format.js';
import { loading, failed, empty } from '../components/async-state.js';
import { go } from '../router.js';
import { readable } from '../components/api-errors.js';
import { fromJson } from './dashboard-json.js';

/** The organization's dashboards; writers create new ones. */
class OeDashboardsPage extends LightElement {
  static properties = { list: { state: true }, error: { state: true }, importError: { state: true } };

  async connectedCallback() {
    super.connectedCallback();
    try {
      this.list = await data('/dashboard-service/v2.1/dashboards', { action: 'search' }, {});
    } catch (e) {
      this.error = e;
    }
  }

  async create(e) {
    e.preventDefault();
    try {
      const d = await data('/dashboard-service/v2.1/dashboards', { action: 'create' },
        { name: new FormData(e.target).get('name'), widgets: [] });
      go('dashboards', d.dashboardId, 'edit');
    } catch (err) {
      this.error = err;
    }
  }

  /** Creates a dashboard from an exported JSON file; a file that is not one is refused with the reason. */
  async importFile(e) {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    this.importError = null;
    try {
      const body = fromJson(await file.text());
      const d = await data('/dashboard-service/v2.1/dashboards', { action: 'create' }, body);
      go('dashboards', d.dashboardId);
    } catch (err) {
      this.importError = err.code !== undefined ? readable(err, 'Importing the dashboard') : err.message;
    }
  }

  render() {
    return html`
      <h1>Dashboards</h1>
      ${this.error ? failed(this.error) : ''}
      ${session.canWrite ? html`<form class="card row" @submit=${this.create}>
        <label for="dash-name" class="sr-only">Dashboard name</label>
        <input id="dash-name" name="name" placeholder="Name of a new dashboard" required>
        <button class="primary" type="submit">Create dashboard</button>
        <span class="spacer"></span>
        <label for="dash-import" class="button-like" style="margin:0">Import JSON…</label>
        <input id="dash-import" type="file" accept="application/json,.json" class="sr-only" @change=${this.importFile}>
        </form>` : ''}
      ${this.importError ? html`<p class="error" role="alert" id="import-error">${this.importError}</p>` : ''}
      <section class="card" style="margin-top:1rem">
        ${!this.list ? loading('Loading dashboards') : this.list.length === 0 ? empty('No dashboards yet.') : html`
          <table><thead><tr><th>Name</th><th>Widgets</th><th>Updated</th><th>By</th></tr></thead><tbody>
          ${this.list.map((d) => html`<tr><td><a href="#/dashboards/${d.dashboardId}">${d.name}</a></td>
            <td>${d.widgets.length}</td><td class="small">${time(d.updateTime)}</td><td>${d.createdBy}</td></tr>`)}
          </tbody></table>`}
      </section>`;
  }
}
customElements.define('oe-dashboards-page', OeDashboardsPage);
