// The notice a page shows instead of numbers when its data does not exist yet.
import {html} from "htl";

/** `data` is a loader result with `available: false` and a French `reason`. */
export function unavailableNotice(data) {
  return html`<div class="unavailable" data-testid="unavailable">
    <strong>Données non disponibles.</strong> ${data.reason}
  </div>`;
}
