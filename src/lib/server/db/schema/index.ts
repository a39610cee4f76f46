export * from './platform';
export * from './tenancy';
export * from './people';
export * from './frameworks';
export * from './evaluations';
export * from './peer-reviews';
export * from './provision';
