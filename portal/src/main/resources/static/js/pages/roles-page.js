import { html } from 'lit';
import { readable } from '../components/api-errors.js';
import { LightElement } from '../base.js';
import { data } from '../api.js';
import { session } from '../session.js';
import { loading, empty } from '../components/async-state.js';

const RESOURCES = ['models', 'products', 'devices', 'assets', 'timeseries', 'commands', 'alerts', 'dashboards', 'jobs',
  'subscriptions', 'firmware', 'users', 'organization', 'audit'];
const ACTIONS = ['read', 'write'];

/**
 * Roles of the organization (#/roles): the built-in roles and custom ones as permission sets, and who holds which
 * role over which part of the asset trees. Administrators create a role from a built-in template, tick its
 * permissions, delete it, and assign roles to users and applications (every change is in the audit log).
 */
class OeRolesPage extends LightElement {
  static properties = { roles: { state: true }, assignments: { state: true }, users: { state: true },
    error: { state: true }, message: { state: true }, editing: { state: true } };

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  async load() {
    try {
      [this.roles, this.assignments, this.users] = await Promise.all([
        data('/iam-service/v2.1/roles', { action: 'search' }),
        data('/iam-service/v2.1/role-assignments', { action: 'search' }),
        data('/iam-service/v2.1/users', { action: 'search' })]);
    } catch (e) {
      this.error = e;
    }
  }

  async act(path, action, params, body, done) {
    this.message = null;
    try {
      await data(path, { action, ...params }, body ?? {});
      this.message = { ok: true, text: done };
      this.load();
      return true;
    } catch (err) {
      this.message = { ok: false, text: readable(err, 'The change') };
      return false;
    }
  }

  createRole(e) {
    e.preventDefault();
    const f = new FormData(e.target);
    this.act('/iam-service/v2.1/roles', 'create', {}, { name: f.get('name'), template: f.get('template'),
      description: f.get('description') || undefined }, `Role ${f.get('name')} created.`);
    e.target.reset();
  }

  savePermissions(role, form) {
    const permissions = [...form.querySelectorAll('input[type=checkbox]:checked')].map((c) => c.value);
    this.act('/iam-service/v2.1/roles', 'update', { roleId: role.roleId }, { permissions },
      `Permissions of ${role.name} saved.`).then((ok) => { if (ok) this.editing = null; });
  }

  assign(e) {
    e.preventDefault();
    const f = new FormData(e.target);
    const holder = f.get('holder');
    const scope = f.get('treeId') && f.get('assetId') ? [{ treeId: f.get('treeId'), assetId: f.get('assetId') }] : [];
    const body = { roleId: f.get('roleId'), scope, ...(holder.startsWith('app:') ? { appKey: holder.slice(4) }
      : { userId: holder }) };
    this.act('/iam-service/v2.1/role-assignments', 'assign', {}, body, 'Role assigned.');
  }

  userName(id) {
    return this.users?.find((u) => u.userId === id)?.username ?? id;
  }

  roleName(id) {
    return this.roles?.find((r) => r.roleId === id)?.name ?? id;
  }

  permissionGrid(role) {
    const editable = session.canAdmin && !role.builtIn && this.editing === role.roleId;
    return html`<form aria-label="Permissions of ${role.name}" @submit=${(e) => { e.preventDefault(); this.savePermissions(role, e.target); }}>
      <table class="small"><thead><tr><th>Resource</th>${ACTIONS.map((a) => html`<th>${a}</th>`)}</tr></thead>
      <tbody>${RESOURCES.map((r) => html`<tr><td>${r}</td>${ACTIONS.map((a) => html`<td>
        <input type="checkbox" value="${r}:${a}" aria-label="${r}:${a}" ?checked=${role.permissions.includes(`${r}:${a}`)}
          ?disabled=${!editable}></td>`)}</tr>`)}</tbody></table>
      ${editable ? html`<div class="row"><button class="primary" type="submit">Save permissions</button>
        <button type="button" @click=${() => { this.editing = null; }}>Cancel</button></div>` : ''}
    </form>`;
  }

  render() {
    if (this.error) return html`<div class="error" role="alert">${readable(this.error, 'Loading the roles')}</div>`;
    if (!this.roles) return loading('Loading roles');
    const admin = session.canAdmin;
    return html`
      <h1>Roles</h1>
      ${this.message ? html`<p class=${this.message.ok ? 'notice' : 'error'} role="status" id="roles-message">${this.message.text}</p>` : ''}
      <div class="stack">
        ${admin ? html`<section class="card"><h2>New role</h2>
          <form class="row" @submit=${this.createRole} aria-label="New role">
            <label for="r-name" class="sr-only">Name</label><input id="r-name" name="name" placeholder="Role name" required>
            <label for="r-template" class="sr-only">Template</label><select id="r-template" name="template">
              ${['VIEWER', 'OPERATOR', 'ORG_ADMIN'].map((r) => html`<option>${r}</option>`)}</select>
            <label for="r-desc" class="sr-only">Description</label><input id="r-desc" name="description" placeholder="Description">
            <button class="primary" type="submit">Create role</button>
          </form></section>` : ''}
        ${this.roles.map((role) => html`<section class="card" data-role=${role.name}>
          <h2>${role.name} ${role.builtIn ? html`<span class="small muted">(built-in)</span>` : ''}</h2>
          <p class="small muted">${role.description}</p>
          ${this.permissionGrid(role)}
          ${admin && !role.builtIn && this.editing !== role.roleId ? html`<div class="row">
            <button type="button" @click=${() => { this.editing = role.roleId; }}>Edit permissions</button>
            <button type="button" class="danger" @click=${() => confirm(`Delete role ${role.name}? Its assignments end.`)
              && this.act('/iam-service/v2.1/roles', 'delete', { roleId: role.roleId }, {}, `Role ${role.name} deleted.`)}>Delete</button>
          </div>` : ''}
        </section>`)}
        <section class="card">
          <h2>Assignments</h2>
          ${admin ? html`<form class="row" @submit=${this.assign} aria-label="Assign a role">
            <label for="as-holder" class="sr-only">User</label><select id="as-holder" name="holder">
              ${(this.users ?? []).filter((u) => u.userId !== session.me?.id).map((u) => html`<option value=${u.userId}>${u.username}</option>`)}</select>
            <label for="as-role" class="sr-only">Role</label><select id="as-role" name="roleId">
              ${this.roles.map((r) => html`<option value=${r.roleId}>${r.name}</option>`)}</select>
            <label for="as-tree" class="sr-only">Tree id</label><input id="as-tree" name="treeId" placeholder="Tree id (empty: whole organization)">
            <label for="as-asset" class="sr-only">Node asset id</label><input id="as-asset" name="assetId" placeholder="Node asset id">
            <button class="primary" type="submit">Assign</button>
          </form>` : ''}
          ${this.assignments.length === 0 ? empty('No assignments: everyone acts with their built-in role.') : html`<div class="table-wrap"><table>
            <thead><tr><th>Holder</th><th>Role</th><th>Scope</th><th></th></tr></thead>
            <tbody>${this.assignments.map((a) => html`<tr><td>${a.userId ? this.userName(a.userId) : `app ${a.appKey}`}</td>
              <td>${this.roleName(a.roleId)}</td>
              <td class="small">${a.scope.length === 0 ? 'whole organization' : a.scope.map((n) => `${n.treeId}/${n.assetId}`).join(', ')}</td>
              <td>${admin ? html`<button type="button" class="danger" @click=${() => this.act('/iam-service/v2.1/role-assignments',
                'unassign', {}, { userId: a.userId, appKey: a.appKey, roleId: a.roleId }, 'Assignment removed.')}>Remove</button>` : ''}</td></tr>`)}
            </tbody></table></div>`}
        </section>
      </div>`;
  }
}
customElements.define('oe-roles-page', OeRolesPage);
