/** One-stop-shop files: the model, the clock rules, the apology, the letter, the public page, the report. */
export * from './file';
export * from './policy';
export * from './clock';
export * from './view';
export * from './apology';
export * from './letter';
export * from './publication';
export * from './report';
export * from './csv';
export * from './directory';
export * from './notices';
