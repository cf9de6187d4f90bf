import { html } from 'lit';
import { LightElement } from '../base.js';
import { data } from '../api.js';
import { i18n } from '../format.js';
import { readable } from './api-errors.js';
import { typed, modelField } from './model-inputs.js';

/**
 * EnOS thing models say nothing about writing: a measure point is offered for "set" only when the model marks it
 * writable with the tag {@code writable: "true"} (a counter or a measured value must not be overwritten by hand).
 */
export function writablePoints(model) {
  return Object.values(model?.measurepoints ?? {}).filter((p) => String(p.tags?.writable).toLowerCase() === 'true');
}

/** Forms generated from the thing model: invoke a service or set a measure point on the device. */
class OeRemoteControl extends LightElement {
  static properties = { assetId: {}, model: { attribute: false }, result: { state: true }, busy: { state: true } };

  async send(e, action, id, fields) {
    e.preventDefault();
    const form = new FormData(e.target);
    this.busy = true;
    this.result = null;
    try {
      const values = Object.fromEntries(fields.map((f) => [f.identifier, typed(f, form.get(f.identifier))]));
      if (action === 'invokeService') {
        const reply = await data('/connect-service/v2.1/commands',
          { action, assetId: this.assetId, serviceId: id, timeout: 30, pendingTtl: 0 }, { inputData: values });
        this.result = { ok: true, text: `Command ${reply?.commandId ?? ''} done. ${reply?.outputData ? JSON.stringify(reply.outputData) : ''}` };
      } else {
        // the API sets one point per command: ?measurepointId=..., body {value}
        const done = [];
        for (const [measurepointId, value] of Object.entries(values)) {
          const reply = await data('/connect-service/v2.1/commands',
            { action, assetId: this.assetId, measurepointId, pendingTtl: 0 }, { value });
          done.push(`${measurepointId} (command ${reply?.commandId ?? ''})`);
        }
        this.result = done.length ? { ok: true, text: `Set ${done.join(', ')}.` }
          : { ok: false, text: 'Enter a value for at least one point.' };
      }
    } catch (err) {
      this.result = { ok: false, text: err.status === 404 && !err.code
        ? 'Remote control is not available on this server (the command endpoint answered 404).'
        : readable(err, 'The command') };
    } finally {
      this.busy = false;
      // answered, refused or timed out: the command history has a new row either way
      this.dispatchEvent(new CustomEvent('command-sent', { bubbles: true }));
    }
  }

  field(f, prefix) {
    return modelField(f, prefix);
  }

  render() {
    const services = Object.values(this.model?.services ?? {});
    const points = writablePoints(this.model);
    return html`
      ${this.result ? html`<p class=${this.result.ok ? 'notice' : 'error'} role="status" id="control-result">${this.result.text}</p>` : ''}
      <div class="grid2">
        ${services.map((s) => html`
          <form class="card" @submit=${(e) => this.send(e, 'invokeService', s.identifier, s.inputData)}>
            <h3>Service ${i18n(s.name) || s.identifier}</h3>
            ${s.inputData.map((f) => this.field(f, `svc-${s.identifier}`))}
            <p><button class="primary" type="submit" ?disabled=${this.busy}>Invoke</button></p>
          </form>`)}
        ${points.length ? html`
          <form class="card" @submit=${(e) => this.send(e, 'setMeasurepoint', null,
            points.filter((p) => new FormData(e.target).get(p.identifier) !== ''))}>
            <h3>Set measure points</h3>
            ${points.map((p) => this.field(p, 'set'))}
            <p><button class="primary" type="submit" ?disabled=${this.busy}>Set</button></p>
          </form>` : ''}
      </div>
      ${!services.length && !points.length ? html`<p class="muted">The model declares nothing to control.</p>` : ''}`;
  }
}
customElements.define('oe-remote-control', OeRemoteControl);
