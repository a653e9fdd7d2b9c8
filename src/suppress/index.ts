/** The suppress stage's public surface: inline suppressions, public markers and baselines. */
export { applyInlineSuppressions, isMarkedPublic, publicMarkers, type CommentsByFile, type InlineOptions } from './inline.js';
export { parseDirective, type Directive } from './directives.js';
export { FA001_SUPPRESSION_WITHOUT_REASON, FA002_UNUSED_SUPPRESSION, SUPPRESSION_RULES } from './rules.js';
export {
  applyBaseline,
  diffInventory,
  loadBaseline,
  parseBaseline,
  routeKey,
  type Baseline,
  type InventoryDiff,
  type RouteChange,
} from './baseline.js';
