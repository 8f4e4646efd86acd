import type { EndpointInfo } from '../../core/engine';
import type { ScoringMode } from '../../core/suite';

/**
 * Why a served model cannot run `mode`, as its probe found (a server without prompt log-probs cannot
 * score log-prob modes), or null when it can; null too for a model that runs in the browser.
 */
export function servedModeRefusal(endpoint: EndpointInfo | null | undefined, mode: ScoringMode): string | null {
  if (!endpoint) return null;
  const check = mode === 'generative' ? endpoint.capabilities.chat : endpoint.capabilities[mode];
  return check.ok ? null : `${mode} cannot run on the server at ${endpoint.host}: ${check.reason}`;
}
