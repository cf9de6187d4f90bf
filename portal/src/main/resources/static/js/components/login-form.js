import { html } from 'lit';
import { LightElement } from '../base.js';
import { data } from '../api.js';
import { session } from '../session.js';

/** Sign-in: exchanges user name and password for a bearer token, then asks who and where the user is. */
class OeLoginForm extends LightElement {
  static properties = { error: { state: true }, busy: { state: true } };

  async submit(e) {
    e.preventDefault();
    const form = new FormData(e.target);
    this.busy = true;
    this.error = null;
    try {
      const login = await data('/iam-service/v2.1/users', { action: 'login', orgId: null },
        { username: form.get('username'), password: form.get('password') });
      session.token = login.accessToken; // not announced yet: the shell renders once who and where are known
      const me = await data('/iam-service/v2.1/users', { action: 'me', orgId: null });
      session.set({ token: login.accessToken, me, orgId: me.orgId || null });
      if (!location.hash) location.hash = '#/tree';
    } catch (err) {
      session.clear();
      this.error = err.status === 401 || err.code === 99401 ? 'Wrong user name or password.' : err.message;
    } finally {
      this.busy = false;
    }
  }

  render() {
    return html`
      <main class="login-screen">
        <form class="card login-card" id="login" @submit=${this.submit} aria-describedby="login-error">
          <h1 class="brand">Open<span>EnOS</span></h1>
          <p class="muted small">Sign in to manage assets, devices and data.</p>
          <label for="login-username">User name</label>
          <input id="login-username" name="username" autocomplete="username" required autofocus>
          <label for="login-password">Password</label>
          <input id="login-password" name="password" type="password" autocomplete="current-password" required>
          <div id="login-error" role="alert">${this.error ? html`<p class="error">${this.error}</p>` : ''}</div>
          <button type="submit" class="primary" ?disabled=${this.busy}>
            ${this.busy ? html`<span class="spinner"></span> Signing in…` : 'Sign in'}</button>
        </form>
      </main>`;
  }
}
customElements.define('oe-login-form', OeLoginForm);
