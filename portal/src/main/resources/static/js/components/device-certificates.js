import { html } from 'lit';
import { LightElement } from '../base.js';
import { data } from '../api.js';
import { session } from '../session.js';
import { time } from '../format.js';
import { loading, failed, empty } from './async-state.js';
import { notAvailable, notAvailableState } from './optional-api.js';

const PATH = '/connect-service/v2.0/certificates';

/**
 * The device's X.509 certificates: list, apply from a pasted CSR (the private key never leaves the device) and
 * revoke. The fields are those of {@code certificates?action=list}: certSn, issueAuthority, validFrom and validTo
 * (epoch milliseconds), status ({@code valid|revoked}) and revokeTime. A server without the certificate API shows "not available on this server".
 */
class OeDeviceCertificates extends LightElement {
  static properties = {
    assetId: {}, certs: { state: true }, error: { state: true }, issued: { state: true },
    applyError: { state: true }, busy: { state: true },
  };

  updated(changed) {
    if (changed.has('assetId')) this.load();
  }

  async load() {
    this.certs = this.error = null;
    try {
      const d = await data(PATH, { action: 'list', assetId: this.assetId }, {});
      this.certs = Array.isArray(d) ? d : d?.items ?? d?.list ?? [];
    } catch (e) {
      this.error = e;
    }
  }

  async apply(e) {
    e.preventDefault();
    const form = e.target;
    const csr = form.csr.value.trim();
    if (!/-----BEGIN (NEW )?CERTIFICATE REQUEST-----/.test(csr)) {
      this.applyError = new Error('Paste a PEM certificate signing request (-----BEGIN CERTIFICATE REQUEST-----).');
      return;
    }
    this.busy = true;
    this.applyError = this.issued = null;
    try {
      this.issued = await data(PATH, { action: 'apply', assetId: this.assetId },
        { csr, validDay: Number(form.validDay.value), issueAuthority: form.issueAuthority.value });
      form.reset();
      this.load();
    } catch (err) {
      this.applyError = notAvailable(err) ? new Error('Applying is not available on this server.') : err;
    } finally {
      this.busy = false;
    }
  }

  async revoke(certSn) {
    if (!confirm(`Revoke certificate ${certSn}? The device can no longer connect with it.`)) return;
    try {
      await data(PATH, { action: 'revoke', assetId: this.assetId, certSn }, { certSn });
      this.load();
    } catch (err) {
      this.error = err;
    }
  }

  renderList() {
    if (this.error) return notAvailable(this.error) ? notAvailableState('Certificates are') : failed(this.error);
    if (!this.certs) return loading('Loading certificates');
    if (!this.certs.length) return empty('This device has no certificate.');
    return html`<div class="table-wrap"><table id="cert-list">
      <thead><tr><th>Serial number</th><th>Authority</th><th>Valid from</th><th>Valid until</th><th>Status</th><th></th></tr></thead>
      <tbody>${this.certs.map((c) => html`<tr data-cert-sn=${c.certSn}>
        <td class="mono" data-field="certSn">${c.certSn}</td><td data-field="issueAuthority">${c.issueAuthority ?? '—'}</td>
        <td data-field="validFrom">${time(c.validFrom)}</td><td data-field="validTo">${time(c.validTo)}</td>
        <td><span data-field="status" class="badge ${c.status === 'revoked' ? 'danger' : 'ok'}">${c.status}</span>
          ${c.revokeTime ? html`<span class="small muted">${time(c.revokeTime)}</span>` : ''}</td>
        <td>${session.canWrite && c.status !== 'revoked' ? html`<button type="button" class="danger"
          @click=${() => this.revoke(c.certSn)}>Revoke</button>` : ''}</td></tr>`)}</tbody>
    </table></div>`;
  }

  render() {
    const unavailable = this.error && notAvailable(this.error);
    return html`
      ${this.renderList()}
      ${session.canWrite && !unavailable ? html`
        <form id="cert-apply" @submit=${this.apply}>
          <label for="cert-csr">Certificate signing request (PEM)</label>
          <textarea id="cert-csr" name="csr" rows="5" class="mono" required
            placeholder="-----BEGIN CERTIFICATE REQUEST-----"></textarea>
          <div class="row">
            <label>Valid for <input name="validDay" type="number" min="1" max="3650" value="730" style="width:6em"> days</label>
            <label>Authority <select name="issueAuthority"><option>RSA</option><option>ECC</option></select></label>
            <button type="submit" class="primary" ?disabled=${this.busy}>Apply for certificate</button>
          </div>
          ${this.applyError ? failed(this.applyError) : ''}
        </form>` : ''}
      ${this.issued ? html`<div class="notice" id="cert-issued">Issued certificate <span class="mono" id="cert-issued-sn">${this.issued.certSn}</span>.
        <details><summary>Certificate (PEM)</summary><pre class="mono small">${this.issued.cert}</pre></details>
        <details><summary>CA certificate</summary><pre class="mono small">${this.issued.caCert}</pre></details></div>` : ''}`;
  }
}
customElements.define('oe-device-certificates', OeDeviceCertificates);
