import { html } from 'lit';
import { LightElement } from '../base.js';
import { data } from '../api.js';
import { session } from '../session.js';
import { announceTimePreferences, browserZone, i18n, setTimePreferences, time, timePreferences, zoneLabel } from '../format.js';
import { loading } from '../components/async-state.js';
import { readable } from '../components/api-errors.js';
import '../components/totp-settings.js';

/**
 * The signed-in user's preferences (#/preferences): the time zone every page shows and reads times in (the
 * browser's, UTC, or a site's: the time zone of an asset, as the platform keeps it for local times and daily
 * energy) and 24- or 12-hour times. Stored on the server, so they follow the user to another browser. Below them,
 * two-factor sign-in, which the user turns on or off here.
 */
class OePreferencesPage extends LightElement {
  static properties = { sites: { state: true }, prefs: { state: true }, message: { state: true },
    error: { state: true } };

  async connectedCallback() {
    super.connectedCallback();
    this.prefs = timePreferences();
    try {
      const stored = await data('/portal-service/v2.1/preferences', {}, undefined, { method: 'GET' });
      this.prefs = { ...stored };
      this.sites = await this.loadSites();
    } catch (e) {
      this.error = readable(e, 'Loading your preferences');
      this.sites ??= [];
    }
  }

  /** Sites to choose from: the root of every asset tree and the assets right below it. */
  async loadSites() {
    const trees = await data('/asset-tree-service/v2.1/asset-trees', { action: 'search' });
    const sites = new Map();
    await Promise.all(trees.map(async (t) => {
      const root = await data('/asset-service/v2.1/assets', { action: 'get', assetId: t.rootAssetId }).catch(() => null);
      if (root) sites.set(root.assetId, root);
      const children = await data('/asset-tree-service/v2.1/asset-nodes',
        { action: 'searchAsset', treeId: t.treeId, parentAssetId: t.rootAssetId }).catch(() => []);
      for (const c of children ?? []) sites.set(c.assetId, c);
    }));
    return [...sites.values()].sort((a, b) => i18n(a.name).localeCompare(i18n(b.name)));
  }

  async save(e) {
    e.preventDefault();
    const f = new FormData(e.target);
    const body = { timeZone: f.get('timeZone'), siteAssetId: f.get('timeZone') === 'site' ? f.get('siteAssetId') : null,
      hour24: f.get('hour24') === 'on' };
    this.message = this.error = null;
    try {
      const saved = await data('/portal-service/v2.1/preferences', {}, body, { method: 'PUT' });
      setTimePreferences(saved);
      this.prefs = { ...saved };
      this.message = `Saved. Times are now shown in ${zoneLabel()}, for example ${time(Date.now())}.`;
      dispatchEvent(new Event('preferences-change'));
      announceTimePreferences(); // the portal's other tabs draw again
    } catch (err) {
      this.error = readable(err, 'Saving your preferences');
    }
  }

  render() {
    const p = this.prefs;
    if (!p) return loading('Loading your preferences');
    const zone = p.timeZone ?? 'browser';
    return html`
      <h1>Preferences</h1>
      <form class="card stack" id="prefs-form" aria-label="Time" @submit=${this.save}>
        <h2>Time</h2>
        ${this.error ? html`<p class="error" role="alert" id="prefs-error">${this.error}</p>` : ''}
        ${this.message ? html`<p class="notice" role="status" id="prefs-message">${this.message}</p>` : ''}
        <fieldset>
          <legend>Show and enter times in</legend>
          <label class="check"><input type="radio" name="timeZone" value="browser" ?checked=${zone === 'browser'}
            @change=${() => { this.prefs = { ...p, timeZone: 'browser' }; }}> This browser's zone (${browserZone})</label>
          <label class="check"><input type="radio" name="timeZone" value="UTC" ?checked=${zone === 'UTC'}
            @change=${() => { this.prefs = { ...p, timeZone: 'UTC' }; }}> UTC</label>
          <label class="check"><input type="radio" name="timeZone" value="site" ?checked=${zone === 'site'}
            @change=${() => { this.prefs = { ...p, timeZone: 'site' }; }}> The time zone of a site</label>
          ${zone === 'site' ? html`<label for="prefs-site">Site</label>
            ${!this.sites ? loading('Loading sites') : html`<select id="prefs-site" name="siteAssetId">
              ${this.sites.map((s) => html`<option value=${s.assetId} ?selected=${s.assetId === p.siteAssetId}>
                ${i18n(s.name) || s.assetId}${s.timezone ? ` (${s.timezone})` : ''}</option>`)}</select>`}` : ''}
        </fieldset>
        <label class="check"><input type="checkbox" name="hour24" id="prefs-hour24" ?checked=${p.hour24 !== false}>
          24-hour clock (off: 12-hour with AM/PM)</label>
        <div class="row"><span class="spacer"></span><button type="submit" class="primary" id="prefs-save">Save</button></div>
      </form>
      ${session.me?.kind === 'USER' ? html`<oe-totp-settings></oe-totp-settings>` : ''}`;
  }
}
customElements.define('oe-preferences-page', OePreferencesPage);
