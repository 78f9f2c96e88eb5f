import manifest from '../../../package.json' with { type: 'json' };

/** This Portico's version, which plugins' `portico` ranges are checked against. */
export const porticoVersion: string = manifest.version;
