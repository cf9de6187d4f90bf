import { html } from 'lit';
import { LightElement } from '../base.js';
import { data } from '../api.js';
import { time } from '../format.js';
import { loading, failed, empty } from './async-state.js';

/** The firmware version a device reported and its upgrades, newest job first. */
class OeDeviceFirmware extends LightElement {
  static properties = { productKey: {}, deviceKey: {}, state: { state: true }, tasks: { state: true },
    error: { state: true } };

  updated(changed) {
    if (changed.has('deviceKey') || changed.has('productKey')) this.load();
  }

  async load() {
    this.state = this.tasks = this.error = null;
    try {
      const [rows, tasks] = await Promise.all([
        data('/connect-service/v2.1/ota-firmwares', { action: 'searchDeviceUpgrade' },
          { productKey: this.productKey, deviceKey: this.deviceKey }),
        data('/connect-service/v2.1/ota-jobs', { action: 'searchTask' },
          { deviceKey: this.deviceKey, pagination: { pageNo: 1, pageSize: 50 } })]);
      this.state = rows[0] ?? {};
      this.tasks = tasks.filter((t) => t.productKey === this.productKey).sort((a, b) => b.updateTime - a.updateTime);
    } catch (e) {
      this.error = e;
    }
  }

  render() {
    if (this.error) return failed(this.error);
    if (!this.state) return loading('Loading firmware');
    return html`
      <dl class="kv"><dt>Firmware version</dt><dd class="mono" id="device-firmware-version">${this.state.firmwareVersion ?? 'not reported'}</dd>
        ${this.state.isUpgrading ? html`<dt>Upgrading to</dt><dd class="mono">${this.state.toVersion} (${this.state.taskStatus}, ${this.state.progress}%)</dd>` : ''}</dl>
      ${this.tasks.length === 0 ? empty('No upgrades yet.') : html`
        <div class="table-wrap"><table><thead><tr><th>From</th><th>To</th><th>Status</th><th>Progress</th><th>Message</th><th>Updated</th></tr></thead>
        <tbody>${this.tasks.map((t) => html`<tr><td class="mono">${t.fromVersion ?? '–'}</td><td class="mono">${t.toVersion}</td>
          <td>${t.status}</td><td>${t.progress}%</td><td class="small">${t.desc ?? ''}</td><td class="small">${time(t.updateTime)}</td></tr>`)}
        </tbody></table></div>`}`;
  }
}
customElements.define('oe-device-firmware', OeDeviceFirmware);
