import { html } from 'lit';
import { LightElement } from '../base.js';
import { data } from '../api.js';

/**
 * Enrolling an authenticator app with the password (ADR 0034): a new secret, a first code to confirm it, then the
 * recovery codes, shown once. At sign-in when the organization requires two-factor sign-in and the user has none
 * yet; on the preferences page ({@code optional}) when the user turns it on of their own accord.
 */
class OeTotpEnrolment extends LightElement {
  static properties = {
    username: {}, password: {}, optional: { type: Boolean },
    enrolment: { state: true }, recoveryCodes: { state: true }, error: { state: true }, busy: { state: true },
  };

  async start() {
    await this.call(async () => {
      this.enrolment = await data('/iam-service/v2.1/users', { action: 'enrolTotp', orgId: null },
        { username: this.username, password: this.password });
    });
  }

  async confirm(e) {
    e.preventDefault();
    const code = new FormData(e.target).get('code');
    await this.call(async () => {
      const confirmed = await data('/iam-service/v2.1/users', { action: 'confirmTotp', orgId: null },
        { username: this.username, password: this.password, code });
      this.recoveryCodes = confirmed.recoveryCodes;
    });
  }

  async call(fn) {
    this.busy = true;
    this.error = null;
    try {
      await fn();
    } catch (err) {
      this.error = err.message;
    } finally {
      this.busy = false;
    }
  }

  done() {
    this.dispatchEvent(new CustomEvent('totp-enrolled', { bubbles: true }));
  }

  render() {
    const error = html`<div role="alert">${this.error ? html`<p class="error">${this.error}</p>` : ''}</div>`;
    if (this.recoveryCodes) {
      return html`
        <p>Two-factor sign-in is on. Keep these recovery codes somewhere safe: each signs in once, and they are not
          shown again.</p>
        <ul class="recovery-codes mono">${this.recoveryCodes.map((c) => html`<li>${c}</li>`)}</ul>
        <button type="button" class="primary" id="totp-done" @click=${this.done}>${this.optional ? 'Done'
          : 'Sign in with a code'}</button>`;
    }
    if (this.enrolment) {
      return html`
        <form id="totp-confirm" @submit=${this.confirm}>
          <p>Add this account to your authenticator app with the key below (or open the link on your phone), then
            enter the code it shows.</p>
          <p class="mono small" id="totp-secret">${this.enrolment.secret}</p>
          <p class="small"><a href=${this.enrolment.otpauthUri}>Open in an authenticator app</a></p>
          <label for="totp-confirm-code">Code</label>
          <input id="totp-confirm-code" name="code" inputmode="numeric" autocomplete="one-time-code" required>
          ${error}
          <button type="submit" class="primary" ?disabled=${this.busy}>Turn on two-factor sign-in</button>
        </form>`;
    }
    return html`
      <p>${this.optional ? 'Set up an authenticator app: signing in then asks for the code it shows.'
        : 'Your organization requires two-factor sign-in. Set up an authenticator app to continue.'}</p>
      ${error}
      <button type="button" class="primary" id="totp-start" ?disabled=${this.busy} @click=${this.start}>Set up</button>`;
  }
}
customElements.define('oe-totp-enrolment', OeTotpEnrolment);
