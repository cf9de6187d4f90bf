import { html } from 'lit';
import { LightElement } from '../base.js';
import { call, data } from '../api.js';
import { i18n, pointValue, time } from '../format.js';
import { model } from '../model-meta.js';
import { loading, failed, empty } from '../components/async-state.js';
import { locationOf } from '../components/site-map.js';
import '../components/site-map.js';

const DEVICES = '/connect-service/v2.1/devices';
const STATUSES = [['online', 'Online', 'online'], ['offline', 'Offline', 'offline'], ['inactive', 'Never connected', '']];
/** Key figures of a top-level asset: its first numeric measure points. */
const KEY_FIGURES = 3;
const REFRESH_MS = 30_000;

/**
 * The landing page: how many devices are online and offline, the active alerts by severity, and the top-level
 * asset of every tree with its key figures, and a map of the assets that have a location. Refreshed every 30 s while
 * open.
 */
class OeFleetPage extends LightElement {
  static properties = { counts: { state: true }, alerts: { state: true }, sites: { state: true }, error: { state: true },
    refreshedAt: { state: true } };

  connectedCallback() {
    super.connectedCallback();
    this.load();
    this.timer = setInterval(() => this.load(), REFRESH_MS);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    clearInterval(this.timer);
  }

  async load() {
    try {
      const [counts, alerts, sites] = await Promise.all([this.deviceCounts(), this.alertCounts(), this.topAssets()]);
      Object.assign(this, { counts, alerts, sites, error: null, refreshedAt: Date.now() });
    } catch (e) {
      this.error = e;
    }
  }

  /** One search per status; only the total of each is read. */
  async deviceCounts() {
    const total = async (status) => (await call(DEVICES, { action: 'search' },
      { status, pagination: { pageNo: 1, pageSize: 1 } })).pagination?.totalSize ?? 0;
    const [all, ...byStatus] = await Promise.all([total(undefined), ...STATUSES.map(([s]) => total(s))]);
    return { all, ...Object.fromEntries(STATUSES.map(([s], i) => [s, byStatus[i]])) };
  }

  /** Active alerts (and recovered ones nobody acknowledged, as the alerts console shows them) by severity. */
  async alertCounts() {
    const end = Date.now();
    const body = { startOccurTime: end - 30 * 86_400_000, endOccurTime: end, pagination: { pageNo: 1, pageSize: 1000 } };
    const [active, severities] = await Promise.all([
      data('/event-service/v2.1/active-alerts', { action: 'search' }, body).catch(() => []),
      data('/event-service/v2.1/alert-severities', { action: 'search' }, { pagination: { pageNo: 1, pageSize: 100 } }).catch(() => [])]);
    const bySeverity = new Map();
    for (const a of active ?? []) bySeverity.set(a.severityId, (bySeverity.get(a.severityId) ?? 0) + 1);
    const named = (severities ?? []).map((s) => ({ id: s.severityId, name: i18n(s.severityDesc) || s.severityId,
      count: bySeverity.get(s.severityId) ?? 0 }));
    for (const [id, count] of bySeverity) if (!named.some((s) => s.id === id)) named.push({ id, name: id, count });
    return { total: (active ?? []).length, bySeverity: named };
  }

  /** The root asset of each tree with its latest key figures and number of direct children. */
  async topAssets() {
    const trees = await data('/asset-tree-service/v2.1/asset-trees', { action: 'search' });
    return Promise.all(trees.map(async (t) => {
      const [asset, children] = await Promise.all([
        data('/asset-service/v2.1/assets', { action: 'get', assetId: t.rootAssetId }),
        data('/asset-tree-service/v2.1/asset-nodes', { action: 'searchAsset', treeId: t.treeId, parentAssetId: t.rootAssetId })
          .catch(() => [])]);
      const m = await model(asset.modelId).catch(() => null);
      const candidates = Object.values(m?.measurepoints ?? {})
        .filter((p) => ['DOUBLE', 'FLOAT', 'INT', 'ENUM', 'BOOL'].includes(p.dataType)).slice(0, 20);
      const latest = candidates.length ? await data('/tsdb-service/v2.1/latest', {},
        { assetIds: asset.assetId, pointIds: candidates.map((p) => p.identifier).join(',') }).catch(() => null) : null;
      const values = {};
      for (const item of latest?.items ?? []) {
        if (item.pointId) values[item.pointId] = { value: item.value, time: item.timestamp };
        for (const p of candidates) if (item[p.identifier] !== undefined) values[p.identifier] = { value: item[p.identifier], time: item.timestamp };
      }
      // key figures: points with a value first, measured (AI) ones before states, in the model's order otherwise
      const rank = (p) => (values[p.identifier] ? 0 : 2) + (p.signalType === 'AI' ? 0 : 1);
      const points = [...candidates].sort((a, b) => rank(a) - rank(b)).slice(0, KEY_FIGURES);
      return { tree: i18n(t.name), treeId: t.treeId, asset, children: children.length, childAssets: children,
        figures: points.map((p) => ({ point: p, ...values[p.identifier] })) };
    }));
  }

  /** Top-level assets and their direct children that have a location (see site-map.js). */
  located() {
    const all = this.sites.flatMap((s) => [s.asset, ...(s.childAssets ?? [])]
      .map((a) => ({ assetId: a.assetId, name: i18n(a.name), location: locationOf(a), treeId: s.treeId })));
    return all.filter((a) => a.location).map((a) => ({ ...a, href: `#/tree/${a.assetId}` }));
  }

  render() {
    if (this.error && !this.counts) return failed(this.error);
    if (!this.counts) return loading('Loading the fleet');
    const c = this.counts;
    return html`
      <div class="row"><h1>Fleet overview</h1><span class="spacer"></span>
        <span class="small muted" id="fleet-updated">Updated ${time(this.refreshedAt)}</span></div>
      ${this.error ? failed(this.error) : ''}
      <section class="fleet-counts" aria-label="Devices">
        <a class="fleet-count" href="#/devices" data-count="all"><div class="small muted">Devices</div><div class="n">${c.all}</div></a>
        ${STATUSES.map(([s, label, cls]) => html`<div class="fleet-count ${cls}" data-count=${s}>
          <div class="small muted"><span class="badge ${s}">${label}</span></div><div class="n">${c[s]}</div></div>`)}
        <a class="fleet-count alerts" href="#/alerts/active" data-count="alerts"><div class="small muted">Active alerts</div>
          <div class="n">${this.alerts.total}</div></a>
      </section>
      <section class="card" style="margin-top:1rem" aria-labelledby="fleet-alerts-title">
        <h2 id="fleet-alerts-title">Active alerts by severity</h2>
        ${this.alerts.bySeverity.length === 0 ? html`<p class="muted">No severities defined.</p>` : html`
          <div class="row" id="fleet-alerts">${this.alerts.bySeverity.map((s) => html`
            <a class="badge sev-${s.id}" href="#/alerts/active" data-severity=${s.id}>${s.name}: <strong>${s.count}</strong></a>`)}</div>`}
      </section>
      <section class="card" style="margin-top:1rem" aria-labelledby="fleet-sites-title">
        <h2 id="fleet-sites-title">Top-level assets</h2>
        ${this.sites.length === 0 ? empty('No asset tree yet.') : html`<div class="table-wrap"><table id="fleet-sites">
          <thead><tr><th>Asset</th><th>Tree</th><th>Key figures</th><th>Children</th></tr></thead>
          <tbody>${this.sites.map((s) => html`<tr data-asset-id=${s.asset.assetId}>
            <td><a href="#/tree/${s.asset.assetId}" @click=${() => sessionStorage.setItem('openenos.tree', s.treeId)}>${i18n(s.asset.name)}</a></td>
            <td class="small">${s.tree}</td>
            <td>${s.figures.length === 0 ? html`<span class="muted small">—</span>` : s.figures.map((f) => html`
              <span class="figure"><span class="small muted">${i18n(f.point.name) || f.point.identifier}</span>
              <strong>${pointValue(f.point, f.value)}</strong></span> `)}</td>
            <td>${s.children}</td></tr>`)}</tbody></table></div>`}
      </section>
      ${this.located().length ? html`<section class="card" style="margin-top:1rem" aria-labelledby="fleet-map-title">
        <h2 id="fleet-map-title">Sites</h2><oe-site-map .sites=${this.located()}></oe-site-map></section>` : ''}`;
  }
}
customElements.define('oe-fleet-page', OeFleetPage);
