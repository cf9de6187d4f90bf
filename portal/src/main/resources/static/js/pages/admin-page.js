import { html } from 'lit';
import { LightElement } from '../base.js';
import { data } from '../api.js';
import { time } from '../format.js';
import { session } from '../session.js';
import { loading, failed, empty } from '../components/async-state.js';

const ROLES = ['VIEWER', 'OPERATOR', 'ORG_ADMIN'];

/**
 * Users and applications of the organization. Administrators add, delete and change roles (each change is in the
 * audit log); everyone else sees the lists read-only.
 */
class OeAdminPage extends LightElement {
  static properties = { users: { state: true }, apps: { state: true }, error: { state: true }, message: { state: true },
    secret: { state: true } };

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  async load() {
    try {
      [this.users, this.apps] = await Promise.all([
        data('/iam-service/v2.1/users', { action: 'search' }), data('/iam-service/v2.1/applications', { action: 'search' })]);
    } catch (e) {
      this.error = e;
    }
  }

  async act(path, action, params, body, done) {
    this.message = null;
    try {
      const result = await data(path, { action, ...params }, body ?? {});
      this.message = { ok: true, text: done };
      if (result?.appSecret) this.secret = result;
      this.load();
      return true;
    } catch (err) {
      this.message = { ok: false, text: err.code === 99403 ? `Your role cannot do this (${err.message}).` : err.message };
      return false;
    }
  }

  async changeRole(u, select) {
    const role = select.value;
    if (role === u.role) return;
    if (!confirm(`Change the role of ${u.username} from ${u.role} to ${role}?`)) {
      select.value = u.role;
      return;
    }
    const changed = await this.act('/iam-service/v2.1/users', 'update', {}, { userId: u.userId, role },
      `Role of ${u.username} changed to ${role}.`);
    if (!changed) select.value = u.role;
  }

  roleCell(u) {
    const own = u.userId === session.me?.id;
    if (!session.canAdmin || own || u.role === 'SUPER_ADMIN') {
      return html`<span data-role-of=${u.username}>${u.role}</span>${own ? html` <span class="small muted">(you)</span>` : ''}`;
    }
    return html`<label class="sr-only" for="role-${u.userId}">Role of ${u.username}</label>
      <select id="role-${u.userId}" data-role-of=${u.username} @change=${(e) => this.changeRole(u, e.target)}>
        ${ROLES.map((r) => html`<option value=${r} ?selected=${r === u.role}>${r}</option>`)}</select>`;
  }

  createUser(e) {
    e.preventDefault();
    const f = new FormData(e.target);
    this.act('/iam-service/v2.1/users', 'create', {}, { username: f.get('username'), password: f.get('password'),
      role: f.get('role'), email: f.get('email') || undefined }, `User ${f.get('username')} created.`);
    e.target.reset();
  }

  createApp(e) {
    e.preventDefault();
    const f = new FormData(e.target);
    this.act('/iam-service/v2.1/applications', 'create', {}, { name: f.get('name'), role: f.get('role') },
      `Application ${f.get('name')} created.`);
    e.target.reset();
  }

  render() {
    if (this.error) return failed(this.error);
    if (!this.users) return loading('Loading users');
    const roles = ROLES.map((r) => html`<option>${r}</option>`);
    const admin = session.canAdmin;
    return html`
      <h1>Users &amp; applications</h1>
      ${this.message ? html`<p class=${this.message.ok ? 'notice' : 'error'} role="status" id="admin-message">${this.message.text}</p>` : ''}
      ${this.secret ? html`<p class="card" role="alert">Secret of <span class="mono">${this.secret.appKey}</span>, shown once:
        <span class="mono">${this.secret.appSecret}</span></p>` : ''}
      <div class="stack">
        ${admin ? '' : html`<p class="muted" id="admin-read-only">View only: only organization administrators
          change users and applications.</p>`}
        <section class="card">
          <h2>Users</h2>
          ${admin ? html`<form class="row" @submit=${this.createUser} aria-label="New user">
            <label for="u-name" class="sr-only">User name</label><input id="u-name" name="username" placeholder="User name" required>
            <label for="u-pass" class="sr-only">Password</label><input id="u-pass" name="password" type="password" placeholder="Password" required autocomplete="new-password">
            <label for="u-role" class="sr-only">Role</label><select id="u-role" name="role">${roles}</select>
            <label for="u-mail" class="sr-only">E-mail</label><input id="u-mail" name="email" type="email" placeholder="E-mail">
            <button class="primary" type="submit">Add user</button>
          </form>` : ''}
          ${this.users.length === 0 ? empty('No users.') : html`<div class="table-wrap"><table>
            <thead><tr><th>User</th><th>Role</th><th>E-mail</th><th>Enabled</th><th>Created</th><th></th></tr></thead>
            <tbody>${this.users.map((u) => html`<tr data-user=${u.username}><td>${u.username}</td><td>${this.roleCell(u)}</td><td>${u.email ?? ''}</td>
              <td>${u.enabled ? 'yes' : 'no'}</td><td class="small">${time(u.createTime)}</td>
              <td>${admin && u.userId !== session.me?.id ? html`<button type="button" class="danger"
                @click=${() => confirm(`Delete user ${u.username}?`)
                && this.act('/iam-service/v2.1/users', 'delete', { userId: u.userId }, {}, `User ${u.username} deleted.`)}>Delete</button>` : ''}</td></tr>`)}
            </tbody></table></div>`}
        </section>
        <section class="card">
          <h2>Applications</h2>
          ${admin ? html`<form class="row" @submit=${this.createApp} aria-label="New application">
            <label for="a-name" class="sr-only">Name</label><input id="a-name" name="name" placeholder="Application name" required>
            <label for="a-role" class="sr-only">Role</label><select id="a-role" name="role">${roles}</select>
            <button class="primary" type="submit">Add application</button>
          </form>` : ''}
          ${this.apps.length === 0 ? empty('No applications.') : html`<div class="table-wrap"><table>
            <thead><tr><th>Name</th><th>App key</th><th>Role</th><th>Created</th><th></th></tr></thead>
            <tbody>${this.apps.map((a) => html`<tr><td>${a.name}</td><td class="mono">${a.appKey}</td><td>${a.role}</td>
              <td class="small">${time(a.createTime)}</td><td>${admin ? html`<div class="row">
              <button type="button" @click=${() => this.act('/iam-service/v2.1/applications', 'rotateSecret', { appKey: a.appKey }, {}, 'Secret rotated.')}>Rotate secret</button>
              <button type="button" class="danger" @click=${() => confirm(`Delete application ${a.name}?`)
                && this.act('/iam-service/v2.1/applications', 'delete', { appKey: a.appKey }, {}, `Application ${a.name} deleted.`)}>Delete</button></div>` : ''}</td></tr>`)}
            </tbody></table></div>`}
        </section>
      </div>`;
  }
}
customElements.define('oe-admin-page', OeAdminPage);
