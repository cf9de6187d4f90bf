/** Who is signed in and which organization the portal works in; kept in sessionStorage (one browser tab). */
const KEY = 'openenos.session';

class Session extends EventTarget {
  constructor() {
    super();
    const saved = JSON.parse(sessionStorage.getItem(KEY) || 'null');
    this.token = saved?.token ?? null;
    this.me = saved?.me ?? null;
    this.orgId = saved?.orgId ?? null;
  }

  get signedIn() { return !!this.token; }
  get role() { return this.me?.role ?? null; }
  get canWrite() { return this.role && this.role !== 'VIEWER'; }
  get canAdmin() { return this.role === 'ORG_ADMIN' || this.role === 'SUPER_ADMIN'; }
  get isSuperAdmin() { return this.role === 'SUPER_ADMIN'; }

  set(patch) {
    Object.assign(this, patch);
    sessionStorage.setItem(KEY, JSON.stringify({ token: this.token, me: this.me, orgId: this.orgId }));
    this.dispatchEvent(new Event('change'));
  }

  clear() {
    this.token = this.me = this.orgId = null;
    sessionStorage.removeItem(KEY);
    this.dispatchEvent(new Event('change'));
  }
}

export const session = new Session();
