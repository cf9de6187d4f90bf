import { html } from 'lit';
import { LightElement } from '../base.js';
import { data } from '../api.js';
import { session } from '../session.js';
import './totp-enrolment.js';

const SECOND_FACTOR_REQUIRED = 99411;
const SECOND_FACTOR_ENROLMENT_REQUIRED = 99412;

/**
 * Sign-in: exchanges user name and password for a bearer token, then asks who and where the user is. Single sign-on:
 * the organization's providers are listed as "Sign in with <provider>" links; the server's callback comes back here
 * with its token (or an error) in the URL fragment.
 */
class OeLoginForm extends LightElement {
  static properties = {
    error: { state: true }, busy: { state: true }, askCode: { state: true }, enrol: { state: true },
    username: { state: true }, providers: { state: true },
  };

  connectedCallback() {
    super.connectedCallback();
    const fragment = new URLSearchParams(location.hash.replace(/^#/, ''));
    if (fragment.has('ssoToken')) {
      history.replaceState(null, '', location.pathname + location.search); // the token leaves the address bar
      this.signedIn(fragment.get('ssoToken'));
    } else if (fragment.has('ssoError')) {
      history.replaceState(null, '', location.pathname + location.search);
      this.error = `Single sign-on failed: ${fragment.get('ssoError')}`;
    }
    const org = new URLSearchParams(location.search).get('org');
    if (org) this.findProviders(org);
  }

  async signedIn(token) {
    this.busy = true;
    try {
      session.token = token;
      const me = await data('/iam-service/v2.1/users', { action: 'me', orgId: null });
      session.set({ token, me, orgId: me.orgId || null });
      if (!location.hash) location.hash = '#/tree';
    } catch (err) {
      session.clear();
      this.error = err.message;
    } finally {
      this.busy = false;
    }
  }

  async findProviders(org) {
    this.error = null;
    const r = await fetch(`/sso/oidc/providers?org=${encodeURIComponent(org)}`);
    const body = await r.json();
    this.providers = body.data || [];
    if (!this.providers.length) this.error = `No single sign-on for organization "${org}".`;
  }

  ssoSubmit(e) {
    e.preventDefault();
    this.findProviders(new FormData(e.target).get('org'));
  }

  async submit(e) {
    e.preventDefault();
    const form = new FormData(e.target);
    this.busy = true;
    this.error = null;
    try {
      const login = await data('/iam-service/v2.1/users', { action: 'login', orgId: null },
        { username: form.get('username'), password: form.get('password'), code: form.get('code') || undefined });
      session.token = login.accessToken; // not announced yet: the shell renders once who and where are known
      const me = await data('/iam-service/v2.1/users', { action: 'me', orgId: null });
      session.set({ token: login.accessToken, me, orgId: me.orgId || null });
      if (!location.hash) location.hash = '#/tree';
    } catch (err) {
      session.clear();
      if (err.code === SECOND_FACTOR_REQUIRED) {
        this.askCode = true; // the password was right: the same form asks for the authenticator's code
      } else if (err.code === SECOND_FACTOR_ENROLMENT_REQUIRED) {
        this.enrol = { username: form.get('username'), password: form.get('password') };
        this.username = form.get('username'); // kept for the form shown again after enrolling
      } else {
        this.error = err.status === 401 || err.code === 99401
          ? (this.askCode ? 'Wrong or already used code.' : 'Wrong user name or password.') : err.message;
      }
    } finally {
      this.busy = false;
    }
  }

  render() {
    if (this.enrol) {
      // its own card, not inside the sign-in form: the enrolment has a form of its own
      return html`
        <main class="login-screen">
          <div class="card login-card">
            <h1 class="brand">Open<span>EnOS</span></h1>
            <oe-totp-enrolment .username=${this.enrol.username} .password=${this.enrol.password}
              @totp-enrolled=${() => { this.enrol = null; this.askCode = true; }}></oe-totp-enrolment>
          </div>
        </main>`;
    }
    return html`
      <main class="login-screen">
        <form class="card login-card" id="login" @submit=${this.submit} aria-describedby="login-error">
          <h1 class="brand">Open<span>EnOS</span></h1>
          <p class="muted small">Sign in to manage assets, devices and data.</p>
          <label for="login-username">User name</label>
          <input id="login-username" name="username" autocomplete="username" required autofocus
            .value=${this.username ?? ''}>
          <label for="login-password">Password</label>
          <input id="login-password" name="password" type="password" autocomplete="current-password" required>
          ${this.askCode ? html`
            <label for="login-code">Two-factor code</label>
            <input id="login-code" name="code" inputmode="numeric" autocomplete="one-time-code" required autofocus
              placeholder="from your authenticator app, or a recovery code">` : ''}
          <div id="login-error" role="alert">${this.error ? html`<p class="error">${this.error}</p>` : ''}</div>
          <button type="submit" class="primary" ?disabled=${this.busy}>
            ${this.busy ? html`<span class="spinner"></span> Signing in…` : 'Sign in'}</button>
        </form>
        <form class="card login-card" id="sso" @submit=${this.ssoSubmit}>
          <label for="sso-org">Single sign-on: your organization</label>
          <input id="sso-org" name="org" autocomplete="organization" required>
          <button type="submit">Find sign-in</button>
          ${(this.providers || []).map((p) => html`
            <a class="button primary sso-provider" href=${p.startUrl}>Sign in with ${p.name}</a>`)}
        </form>
      </main>`;
  }
}
customElements.define('oe-login-form', OeLoginForm);
