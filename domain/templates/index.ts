/** Task templates: schema and validation, deadline rule, policy conversion, matching, preview, built-ins. */
export * from './schema';
export * from './placeholders';
export * from './deadline';
export * from './policy';
export * from './match';
export * from './preview';
export * from './builtin';
export * from './assign';
