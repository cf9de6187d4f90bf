import { LitElement } from 'lit';

/** Components render into the light DOM so the one stylesheet applies and the page stays easy to test. */
export class LightElement extends LitElement {
  createRenderRoot() {
    return this;
  }
}
