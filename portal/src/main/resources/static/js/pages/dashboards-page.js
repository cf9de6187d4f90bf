import { html } from 'lit';
import { LightElement } from '../base.js';
import { data } from '../api.js';
import { session } from '../session.js';
import { time } from '../format.js';
import { loading, failed, empty } from '../components/async-state.js';
import { go } from '../router.js';

/** The organization's dashboards; writers create new ones. */
class OeDashboardsPage extends LightElement {
  static properties = { list: { state: true }, error: { state: true } };

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

  render() {
    return html`
      <h1>Dashboards</h1>
      ${this.error ? failed(this.error) : ''}
      ${session.canWrite ? html`<form class="card row" @submit=${this.create}>
        <label for="dash-name" class="sr-only">Dashboard name</label>
        <input id="dash-name" name="name" placeholder="Name of a new dashboard" required>
        <button class="primary" type="submit">Create dashboard</button></form>` : ''}
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
