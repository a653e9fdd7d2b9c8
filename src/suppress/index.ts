/** The suppress stage's public surface: inline suppressions, public markers and baselines. */
export { applyInlineSuppressions, isMarkedPublic, publicMarkers } from './inline.js';
export { parseDirective } from './directives.js';
export { FA001_SUPPRESSION_WITHOUT_REASON, FA002_UNUSED_SUPPRESSION } from './rules.js';
export { applyBaseline, diffInventory, loadBaseline, parseBaseline, routeKey } from './baseline.js';
