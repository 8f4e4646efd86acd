import type { OpenMetric, OpenSuiteIndexEntry } from '../../core/openEnded';
import type { CustomOpenSuiteRecord } from '../../core/openRunRecord';

/** One open-ended suite as the Benchmarks page and the CLI list it, shipped or imported. */
export interface OpenSuiteChoice {
  id: string;
  name: string;
  version: number;
  count: number;
  source: string;
  licence: string;
  sha256: string;
  metrics: OpenMetric[];
  custom: boolean;
  sourceNotes?: string;
  licenceFile?: string;
  language?: string;
  useRestriction?: string;
}

export function builtinOpenChoice(entry: OpenSuiteIndexEntry): OpenSuiteChoice {
  return {
    id: entry.id,
    name: entry.name,
    version: entry.version,
    count: entry.count,
    source: entry.source,
    licence: entry.licence,
    sha256: entry.sha256,
    metrics: entry.metrics,
    custom: false,
    sourceNotes: entry.sourceNotes,
    licenceFile: entry.licenceFile,
    language: entry.language,
    ...(entry.use_restriction === undefined ? {} : { useRestriction: entry.use_restriction }),
  };
}

export function customOpenChoice(s: CustomOpenSuiteRecord): OpenSuiteChoice {
  return {
    id: s.id,
    name: s.header.name,
    version: s.header.version,
    count: s.items.length,
    source: `Imported from ${s.fileName}`,
    licence: s.header.licence || 'as stated by the file’s author',
    sha256: s.header.sha256_of_source,
    metrics: s.header.metrics,
    custom: true,
    ...(s.header.language === undefined ? {} : { language: s.header.language }),
    ...(s.header.use_restriction === undefined ? {} : { useRestriction: s.header.use_restriction }),
  };
}
