// Public API of the citation engine (pure: no editor imports).
export * from './types';
export { extract } from './extract';
export { normalize, toOriginal, toNormalized, type Normalized } from './normalize';
export { canonicalReporter, reporterInfo, reporterVariations, reporterSeries, allReporters, isCaseNameAbbreviation, matchReporter, compact, type EditionInfo } from './reporters';
export { formatAuthority, authorityKey } from './resolve';
