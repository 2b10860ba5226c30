// Public API of the citation engine (pure: no editor imports).
//
//   extract(text, kind, { maxLength })  every citation, document order, UTF-16 offsets into `text`;
//                                       nested (quoting/citing) citations are separate entries with
//                                       `parent`; `resolution` filled in (see resolve.ts for the
//                                       id./short-form rules and the parenthetical choice).
//   normalize / toOriginal / toNormalized   the offset map original ↔ normalized text.
//   canonicalReporter / reporterInfo / reporterVariations / reporterSeries   reporter lookups over
//                                       server/data/reporters.json (generated from reporters-db, BSD-2).
//   formatAuthority(c)                  `Name, VOL REP PAGE (COURT YEAR)` / `42 U.S.C. § 1983`.
export * from './types';
export { extract } from './extract';
export { normalize, toOriginal, toNormalized, isWsCode, type Normalized } from './normalize';
export {
  canonicalReporter,
  reporterInfo,
  reporterVariations,
  reporterSeries,
  allReporters,
  isCaseNameAbbreviation,
  matchReporter,
  compact,
  type EditionInfo,
} from './reporters';
export { formatAuthority, authorityKey } from './resolve';
