import { html } from 'lit';
import { LightElement } from '../base.js';
import { data } from '../api.js';
import { session } from '../session.js';
import { i18n, time, COMMAND_STATES } from '../format.js';
import { loading, failed } from '../components/async-state.js';
import { kv } from '../components/asset-detail.js';
import '../components/point-values.js';
import '../components/history-chart.js';
import '../components/remote-control.js';
import '../components/device-firmware.js';
import '../components/record-table.js';
import '../components/device-certificates.js';
import '../components/edge-panel.js';

const EVENT_COLUMNS = [['timestamp', 'Time'], ['eventIdentifier', 'Event'], ['tslEventKey', 'Event'],
  ['eventType', 'Type'], ['outputData', 'Data'], ['output', 'Data']];
const COMMAND_COLUMNS = [['createTime', 'Sent'], ['commandType', 'Kind'], ['serviceId', 'Service'],
  ['serviceIdentifier', 'Service'], ['inputData', 'Input'], ['state', 'State'], ['outputData', 'Output'],
  ['replyMessage', 'Reply'], ['updateTime', 'Updated'], ['commandId', 'Command ID']];
/** Commands answer their state as the EnOS number: shown by name, failures marked. */
const COMMAND_FORMAT = { state: (v) => html`<span class="badge ${[2, 3, 6, 7].includes(Number(v)) ? 'danger' : Number(v) === 5 ? 'ok' : ''}"
  title="state ${v}">${COMMAND_STATES[v] ?? v}</span>`, commandType: (v) => (v === 'setMeasurepoint' ? 'Set point' : 'Service') };

/**
 * One device: identity, status, attributes, tags, live values, history chart, remote control, and the event,
 * command and certificate records where the server offers them.
 */
class OeDevicePage extends LightElement {
  static properties = { assetId: {}, device: { state: true }, model: { state: true }, error: { state: true } };

  updated(changed) {
    if (changed.has('assetId')) this.load();
  }

  async load() {
    this.device = this.model = this.error = null;
    try {
      this.device = await data('/connect-service/v2.1/devices', { action: 'get', assetId: this.assetId });
      const product = await data('/connect-service/v2.1/products', { action: 'get', productKey: this.device.productKey });
      this.product = product;
      this.model = await data('/model-service/v2.1/thing-models', { action: 'get', modelId: product.modelId });
    } catch (e) {
      this.error = e;
    }
  }

  render() {
    if (this.error) return failed(this.error);
    if (!this.device) return loading('Loading device');
    const d = this.device;
    return html`
      <p><a href="#/devices">← Devices</a></p>
      <div class="stack">
        <section class="card">
          <div class="row"><h1 id="device-title">${i18n(d.deviceName) || d.deviceKey}</h1>
            <span class="badge ${d.status}" id="device-status">${d.status}</span>
            ${d.enabled ? '' : html`<span class="badge">disabled</span>`}</div>
          <dl class="props">
            <dt>Product</dt><dd>${this.product ? i18n(this.product.productName) : ''} <span class="mono muted">${d.productKey}</span></dd>
            <dt>Device key</dt><dd class="mono">${d.deviceKey}</dd>
            <dt>Asset ID</dt><dd class="mono">${d.assetId}</dd>
            <dt>Model</dt><dd>${this.model ? html`<a href="#/models/${this.model.modelId}">${i18n(this.model.name)}</a>` : '…'}</dd>
            <dt>Device time zone</dt><dd>${d.timezone}</dd>
            <dt>Last online</dt><dd>${time(d.lastOnlineTime)}</dd>
            <dt>Created</dt><dd>${time(d.createTime)}</dd>
          </dl>
        </section>
        <div class="grid2">
          <section class="card"><h2>Attributes</h2>${kv(d.deviceAttributes)}</section>
          <section class="card"><h2>Tags</h2>${kv(d.deviceTags)}</section>
        </div>
        <section class="card"><h2>Latest values</h2>
          <oe-point-values .assetId=${d.assetId} .model=${this.model}></oe-point-values></section>
        <section class="card"><h2>History</h2>
          ${this.model ? html`<oe-history-chart .assetId=${d.assetId}
            .points=${Object.values(this.model.measurepoints)}></oe-history-chart>` : loading()}</section>
        ${session.canWrite && this.model ? html`<section class="card"><h2>Remote control</h2>
          <oe-remote-control .assetId=${d.assetId} .model=${this.model}
            @command-sent=${() => this.querySelector('#device-commands oe-record-table')?.load()}></oe-remote-control></section>` : ''}
        <div class="grid2">
          <section class="card" id="device-events"><h2>Events</h2>
            <oe-record-table path="/connect-service/v2.1/events" what="Events" .assetId=${d.assetId}
              .columns=${EVENT_COLUMNS}></oe-record-table></section>
          <section class="card" id="device-commands"><h2>Command history</h2>
            <oe-record-table path="/connect-service/v2.1/commands" what="Commands" .assetId=${d.assetId}
              .columns=${COMMAND_COLUMNS} .format=${COMMAND_FORMAT}></oe-record-table></section>
        </div>
        ${this.product?.productType === 'Gateway' ? html`<section class="card" id="device-edge"><h2>Edge</h2>
          <oe-edge-panel .assetId=${d.assetId}></oe-edge-panel></section>` : ''}
        <section class="card" id="device-firmware"><h2>Firmware</h2>
          <oe-device-firmware .productKey=${d.productKey} .deviceKey=${d.deviceKey}></oe-device-firmware></section>
        <section class="card" id="device-certificates"><h2>Certificates</h2>
          <oe-device-certificates .assetId=${d.assetId}></oe-device-certificates></section>
      </div>`;
  }
}
customElements.define('oe-device-page', OeDevicePage);
