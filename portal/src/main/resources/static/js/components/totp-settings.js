import { html } from 'lit';
import { LightElement } from '../base.js';
import { data } from '../api.js';
import { session } from '../session.js';
import { loading } from './async-state.js';
import { readable } from './api-errors.js';
import './totp-enrolment.js';

const USERS = '/iam-service/v2.1/users';

/**
 * Two-factor sign-in on the preferences page (ADR 0034): whether it is on, with the recovery codes left; turning it
 * on whether or not the organization requires it (the password confirms who enrols, as at sign-in), and off again
 * with a current code or a recovery code.
 */
class OeTotpSettings extends LightElement {
  static properties = { status: { state: true }, enrol: { state: true }, error: { state: true },
    message: { state: true }, busy: { state: true } };

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  async load() {
    try {
      this.status = await data(USERS, { action: 'getTotp', orgId: null });
    } catch (e) {
      this.error = readable(e, 'Loading your two-factor sign-in');
      this.status = null;
    }
  }

  startEnrolment(e) {
    e.preventDefault();
    this.error = this.message = null;
    this.enrol = { username: session.me?.name, password: new FormData(e.target).get('password') };
  }

  async enrolled() {
    this.status = undefined; // loading: the state shown before enrolling is out of date
    this.enrol = null;
    this.message = 'Two-factor sign-in is on.';
    await this.load();
  }

  async turnOff(e) {
    e.preventDefault();
    this.busy = true;
    this.error = this.message = null;
    try {
      await data(USERS, { action: 'disableTotp', orgId: null }, { code: new FormData(e.target).get('code') });
      this.message = 'Two-factor sign-in is off.';
      await this.load();
    } catch (err) {
      this.error = readable(err, 'Turning off two-factor sign-in');
    } finally {
      this.busy = false;
    }
  }

  render() {
    const notes = html`
      ${this.error ? html`<p class="error" role="alert" id="totp-error">${this.error}</p>` : ''}
      ${this.message ? html`<p class="notice" role="status" id="totp-message">${this.message}</p>` : ''}`;
    if (this.enrol) {
      return html`<section class="card stack" id="totp-settings" aria-label="Two-factor sign-in">
        <h2>Two-factor sign-in</h2>
        <oe-totp-enrolment optional .username=${this.enrol.username} .password=${this.enrol.password}
          @totp-enrolled=${this.enrolled}></oe-totp-enrolment>
        <div class="row"><button type="button" @click=${() => { this.enrol = null; }}>Cancel</button></div>
      </section>`;
    }
    const s = this.status;
    return html`<section class="card stack" id="totp-settings" aria-label="Two-factor sign-in">
      <h2>Two-factor sign-in</h2>
      ${notes}
      ${s === undefined ? loading('Loading your two-factor sign-in') : s === null ? '' : s.enabled ? html`
        <p id="totp-state">On: signing in asks for the code of your authenticator app. ${s.recoveryCodesLeft} recovery
          codes left.${s.requiredByOrganization ? ' Your organization requires it.' : ''}</p>
        <form class="row" id="totp-off" @submit=${this.turnOff}>
          <input name="code" id="totp-off-code" inputmode="numeric" autocomplete="one-time-code" required
            placeholder="Code or recovery code" aria-label="Code or recovery code">
          <button type="submit" ?disabled=${this.busy}>Turn off</button>
        </form>` : html`
        <p id="totp-state">Off${s.requiredByOrganization ? ', but your organization requires it: the next sign-in asks you to set it up'
          : ''}. With it on, signing in asks for a code from an authenticator app as well as your password.</p>
        <form class="row" id="totp-on" @submit=${this.startEnrolment}>
          <input type="password" name="password" id="totp-password" autocomplete="current-password" required
            placeholder="Your password" aria-label="Your password">
          <button type="submit" class="primary" id="totp-begin">Turn on</button>
        </form>`}
    </section>`;
  }
}
customElements.define('oe-totp-settings', OeTotpSettings);
